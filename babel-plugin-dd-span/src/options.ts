import { closest } from './suggest.js';

/** Options of babel-plugin-dd-span. */
export interface PluginOptions {
  /** The module specifier compiled code imports the runtime from. Default `"dd-span-runtime"`. */
  runtime?: string;
  /**
   * How compiled code reaches the runtime: `"import"`, `"require"`, or `"auto"` (the default):
   * `require` for scripts and for files that use `require`/`module.exports` and no `import`/`export`.
   */
  moduleStyle?: 'auto' | 'import' | 'require';
}

/** Options after validation, with defaults applied. */
export interface ResolvedOptions {
  readonly runtime: string;
  readonly moduleStyle: 'auto' | 'import' | 'require';
}

const KEYS = ['runtime', 'moduleStyle'] as const;
const MODULE_STYLES = ['auto', 'import', 'require'] as const;

function fail(message: string): never {
  throw new Error(`babel-plugin-dd-span: ${message}`);
}

/** Validates options in one place, with "did you mean …?" for unknown keys. Throws a clear error on bad input. */
export function resolveOptions(raw: unknown): ResolvedOptions {
  const options = (raw ?? {}) as Record<string, unknown>;
  if (typeof options !== 'object' || Array.isArray(options)) fail(`options must be an object, got ${JSON.stringify(raw)}.`);
  for (const key of Object.keys(options)) {
    if (!(KEYS as readonly string[]).includes(key)) {
      fail(`unknown option \`${key}\`. Did you mean \`${closest(key, KEYS)}\`? Accepted options: ${KEYS.join(', ')}.`);
    }
  }
  const runtime = options.runtime ?? 'dd-span-runtime';
  if (typeof runtime !== 'string' || runtime === '') {
    fail(`option \`runtime\` must be a non-empty module specifier string, got ${JSON.stringify(runtime)}.`);
  }
  const moduleStyle = options.moduleStyle ?? 'auto';
  if (!(MODULE_STYLES as readonly unknown[]).includes(moduleStyle)) {
    fail(`option \`moduleStyle\` must be one of ${MODULE_STYLES.map((s) => `"${s}"`).join(', ')}, got ${JSON.stringify(moduleStyle)}.`);
  }
  return { runtime, moduleStyle: moduleStyle as ResolvedOptions['moduleStyle'] };
}
