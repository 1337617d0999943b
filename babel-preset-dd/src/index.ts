import ddSpanPlugin, { type PluginAPI } from 'babel-plugin-dd-span';
import { createFileFilter } from './files.js';
import { resolvePresetOptions, type PresetOptions } from './options.js';

export type { PresetOptions } from './options.js';
export type { FilePattern } from './files.js';

/** The part of Babel's preset API the preset uses, identical in Babel 7 and 8. */
export interface PresetAPI extends PluginAPI {
  readonly cache: { using<T>(read: () => T): T };
}

const PRESET_VERSION = (require('../package.json') as { version: string }).version;
const PLUGIN_VERSION = (require('babel-plugin-dd-span/package.json') as { version: string }).version;

/** A variable of the build's environment, with an empty value taken as unset (as the runtime does). */
function buildVariable(name: string): string | undefined {
  const value = process.env[name]?.trim();
  return value === '' ? undefined : value;
}

/**
 * babel-preset-dd: `presets: [['babel-preset-dd', options]]` instruments `//dd:span` functions and
 * turns on the caller-side integrations, in the files `include`/`exclude` select.
 *
 * Cache-correct: the build variables it reads (`DD_SERVICE`, `DD_ENV`, `DD_VERSION`) key Babel's
 * own cache of the preset (`api.cache.using`), and the preset describes itself, with those values and
 * its version, to tools that hash the configuration for their on-disk caches (see `toJSON` below).
 */
export default function ddPreset(api: PresetAPI, options: PresetOptions = {}, dirname: string = process.cwd()) {
  api.assertVersion('^7.22.0 || ^8.0.0-0');
  const resolved = resolvePresetOptions(options, (name) => api.cache.using(() => buildVariable(name)));
  const processes = createFileFilter(resolved.include, resolved.exclude, dirname);
  return {
    // An override with a `test` is how a preset chooses files per file (preset-typescript does the same).
    overrides: [{ test: (filename: string | null | undefined) => processes(filename), plugins: [[ddSpanPlugin, resolved.plugin]] }],
  };
}

/**
 * babel-jest's cache key hashes `JSON.stringify` of the configuration Babel loads without running
 * presets, where this function stands as the preset's value: JSON would leave a function out, and a
 * change of `DD_SERVICE` or of this package's version would reuse stale output. This puts both in.
 */
ddPreset.toJSON = () => ({
  name: 'babel-preset-dd',
  version: PRESET_VERSION,
  plugin: PLUGIN_VERSION,
  build: { DD_SERVICE: buildVariable('DD_SERVICE') ?? null, DD_ENV: buildVariable('DD_ENV') ?? null, DD_VERSION: buildVariable('DD_VERSION') ?? null },
});
