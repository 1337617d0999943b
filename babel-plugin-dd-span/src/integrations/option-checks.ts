import { closest } from '../suggest.js';

/** A value as an error message shows it: strings quoted, RegExps and functions recognisable. */
export function describe(value: unknown): string {
  if (value instanceof RegExp) return String(value);
  if (typeof value === 'function') return 'a function';
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Option checks with errors that name the option as the user wrote it
 * (`integrations.fetch.keepQueryString`), say what it accepts, and suggest the closest known key for
 * an unknown one. `owner` starts every message: the plugin's name, or the preset's when it checks.
 */
export class OptionCheck {
  constructor(readonly owner: string) {}

  fail(message: string): never {
    throw new Error(`${this.owner}: ${message}`);
  }

  /**
   * `value` as an object of options whose keys are all among `keys`. `path` names it (`''` for the
   * top level); `what` names its keys in messages (`option`, `integration`).
   */
  object(value: unknown, path: string, keys: readonly string[], what = 'option'): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof RegExp) {
      this.fail(`${path === '' ? 'options' : `option \`${path}\``} must be an object, got ${describe(value)}.`);
    }
    const record = value as Record<string, unknown>;
    const prefix = path === '' || what !== 'option' ? '' : `${path}.`;
    for (const key of Object.keys(record)) {
      if (keys.includes(key)) continue;
      const where = path !== '' && what !== 'option' ? ` in option \`${path}\`` : '';
      this.fail(
        `unknown ${what} \`${prefix}${key}\`${where}. Did you mean \`${prefix}${closest(key, keys)}\`? ` +
          `Accepted ${what}s: ${keys.join(', ')}.`,
      );
    }
    return record;
  }

  boolean(value: unknown, path: string): boolean {
    if (typeof value !== 'boolean') this.fail(`option \`${path}\` must be true or false, got ${describe(value)}.`);
    return value;
  }

  /** `undefined`, or a non-empty string. */
  optionalString(value: unknown, path: string, meaning: string): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value === '') this.fail(`option \`${path}\` must be a non-empty string (${meaning}), got ${describe(value)}.`);
    return value;
  }
}

/**
 * The common shape of an integration's option: `false` turns it off, `true` turns it on with its
 * defaults, an object turns it on with settings (its keys checked against `keys`).
 */
export function onOrSettings<S>(
  value: unknown,
  check: OptionCheck,
  path: string,
  keys: readonly string[],
  read: (settings: Record<string, unknown>) => S,
): S | null {
  if (value === false) return null;
  if (value === true) return read({});
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    check.fail(`option \`${path}\` must be true, false or an object of settings (${keys.join(', ')}), got ${describe(value)}.`);
  }
  return read(check.object(value, path, keys));
}
