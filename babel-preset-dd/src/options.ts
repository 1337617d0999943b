import { describeOptionValue, integrationNames, OptionCheck, resolveOptions, type PluginOptions } from 'babel-plugin-dd-span';
import type { FilePattern } from './files.js';

/** Options of babel-preset-dd. */
export interface PresetOptions {
  /**
   * The caller-side integrations, each `true` (the default), `false`, or its settings:
   * `fetch: { allowedTracingUrls, keepQueryString }`, `asyncContext: { timers, promises, events }`.
   */
  integrations?: PluginOptions['integrations'];
  /** The files to instrument (globs, RegExps, functions). Default: every file outside `node_modules`. */
  include?: FilePattern | readonly FilePattern[];
  /** Files never to instrument, even when `include` matches them. */
  exclude?: FilePattern | readonly FilePattern[];
  /** Inlined for the runtime to fall back on. Default: `DD_SERVICE` at build time; `false` inlines none. */
  service?: string | false;
  /** Default: `DD_ENV` at build time; `false` inlines none. */
  env?: string | false;
  /** Default: `DD_VERSION` at build time; `false` inlines none. */
  version?: string | false;
  /** The module specifier compiled code imports the runtime from. Default `"dd-span-runtime"`. */
  runtime?: string;
  /** `"import"`, `"require"` or `"auto"` (the default), as for the plugin. */
  moduleStyle?: PluginOptions['moduleStyle'];
}

/** The build's value of a variable (`api.cache.using`, so Babel's cache follows it), `undefined` when unset or empty. */
export type BuildEnvironment = (name: 'DD_SERVICE' | 'DD_ENV' | 'DD_VERSION') => string | undefined;

export interface ResolvedPresetOptions {
  readonly include: readonly FilePattern[] | undefined;
  readonly exclude: readonly FilePattern[];
  /** What the plugin receives. */
  readonly plugin: PluginOptions;
}

const OWNER = 'babel-preset-dd';
const KEYS = ['integrations', 'include', 'exclude', 'service', 'env', 'version', 'runtime', 'moduleStyle'] as const;
const UNIFIED_TAGS = { service: 'DD_SERVICE', env: 'DD_ENV', version: 'DD_VERSION' } as const;

function patterns(check: OptionCheck, value: unknown, key: 'include' | 'exclude'): FilePattern[] | undefined {
  if (value === undefined) return undefined;
  const list: unknown[] = Array.isArray(value) ? value : [value];
  list.forEach((item, index) => {
    const isPattern = (typeof item === 'string' && item !== '') || item instanceof RegExp || typeof item === 'function';
    if (!isPattern) {
      const where = Array.isArray(value) ? `\`${key}\`[${index}]` : `\`${key}\``;
      check.fail(`option ${where} must be a glob string, a RegExp or a function of the file name (or an array of them), got ${describeOptionValue(item)}.`);
    }
  });
  return list as FilePattern[];
}

/**
 * Validates the preset's options in one place, with "did you mean …?" for unknown keys, and works
 * out what the plugin receives: every integration on unless turned off, and service, env and
 * version from the build's environment unless given (or `false`).
 */
export function resolvePresetOptions(raw: unknown, environment: BuildEnvironment): ResolvedPresetOptions {
  // Typed explicitly: TypeScript narrows after a `never`-returning method only then.
  const check: OptionCheck = new OptionCheck(OWNER);
  const options = check.object(raw ?? {}, '', KEYS);
  const plugin: PluginOptions & Record<string, unknown> = {};
  if (options.runtime !== undefined) plugin.runtime = options.runtime as string;
  if (options.moduleStyle !== undefined) plugin.moduleStyle = options.moduleStyle as PluginOptions['moduleStyle'];
  for (const key of ['service', 'env', 'version'] as const) {
    const given = options[key];
    if (given === false) continue;
    if (given !== undefined && (typeof given !== 'string' || given === '')) {
      check.fail(`option \`${key}\` must be a non-empty string or false (to inline no ${key}), got ${describeOptionValue(given)}.`);
    }
    const value = given ?? environment(UNIFIED_TAGS[key]);
    if (value !== undefined) plugin[key] = value;
  }
  const integrations = options.integrations;
  const given = typeof integrations === 'object' && integrations !== null && !Array.isArray(integrations) ? integrations : undefined;
  // Anything but an object is handed on as it is, for the check below to refuse it by name.
  plugin.integrations =
    integrations === undefined || given !== undefined
      ? { ...Object.fromEntries(integrationNames.map((name) => [name, true])), ...given }
      : (integrations as PluginOptions['integrations']);
  // The plugin's own checks, reported in the preset's name, before Babel ever runs the plugin.
  resolveOptions(plugin, OWNER);
  return { include: patterns(check, options.include, 'include'), exclude: patterns(check, options.exclude, 'exclude') ?? [], plugin };
}
