// The fixture cases of test/fixtures, in Babel's layout (see fixtures.test.mjs): where they are,
// the options each one cascades from its options.json files, and how each is compiled. Shared by
// the tests that check every fixture.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, presetTypescriptPath } from './babel.mjs';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const INPUTS = ['input.js', 'input.mjs', 'input.ts'];
const PRESETS = { typescript: presetTypescriptPath };
const OPTION_KEYS = ['sourceType', 'parserOpts', 'pluginOptions', 'presets', 'warnings', 'printsAsWithoutPlugin'];

function isPlainObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Objects merge key by key (parserOpts, pluginOptions); anything else, arrays included, is replaced.
function cascade(base, override) {
  const merged = { ...base };
  for (const [key, value] of Object.entries(override)) {
    merged[key] = isPlainObject(value) && isPlainObject(base[key]) ? cascade(base[key], value) : value;
  }
  return merged;
}

export function optionsFor(caseDir) {
  let options = {};
  let dir = FIXTURES;
  for (const part of ['', ...path.relative(FIXTURES, caseDir).split(path.sep)]) {
    dir = path.join(dir, part);
    const file = path.join(dir, 'options.json');
    if (!existsSync(file)) continue;
    const own = JSON.parse(readFileSync(file, 'utf8'));
    const unknown = Object.keys(own).filter((key) => !OPTION_KEYS.includes(key));
    assert.deepEqual(unknown, [], `unknown keys in ${path.relative(FIXTURES, file)}`);
    options = cascade(options, own);
  }
  return options;
}

export function findCases(dir) {
  const entries = readdirSync(dir, { withFileTypes: true });
  const input = INPUTS.find((name) => entries.some((entry) => entry.isFile() && entry.name === name));
  if (input !== undefined) return [{ dir, input: path.join(dir, input) }];
  return entries
    .filter((entry) => entry.isDirectory())
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => findCases(path.join(dir, entry.name)));
}

export function babelOptions(options, filename) {
  return {
    filename,
    sourceType: options.sourceType ?? 'module',
    parserOpts: options.parserOpts ?? {},
    presets: (options.presets ?? []).map((entry) => {
      const [name, presetOptions = {}] = Array.isArray(entry) ? entry : [entry];
      assert.ok(PRESETS[name], `unknown preset "${name}" in options.json`);
      return [PRESETS[name], presetOptions];
    }),
  };
}

/** What `compile` takes for a case: its Babel options and its plugin options. */
export function caseCompileOptions(options, filename) {
  return { ...babelOptions(options, filename), pluginOptions: options.pluginOptions ?? {} };
}

export function compileCase(source, options, filename, overrides = {}) {
  const base = caseCompileOptions(options, filename);
  return compile(source, { ...base, ...overrides, parserOpts: { ...base.parserOpts, ...overrides.parserOpts } });
}

