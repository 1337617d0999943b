// A function is instrumented once, however many times the plugin runs over it: listed twice, listed
// beside babel-preset-dd, or run again over its own output (the fixtures check that for every case).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compile, pluginPath, presetPath, presetTypescriptPath } from './support/babel.mjs';
import { instrumentation } from './support/sites.mjs';

const SOURCE = `//dd:span team:core
export async function load(id) {
  const row = await find(id);
  return row;
}

export class Store {
  //dd:span
  get(key) {
    return this.map.get(key);
  }
}
`;

const once = compile(SOURCE).code;

describe('instrumented once', () => {
  test('the plugin alone instruments each annotated function', () => {
    assert.deepEqual(instrumentation(once), {
      sites: [
        { name: 'load', tags: ['function-name', 'load', 'team', 'core'] },
        { name: 'get', tags: ['function-name', 'get'] },
      ],
      functions: 2,
    });
  });

  test('plugin and babel-preset-dd in one config', () => {
    assert.equal(compile(SOURCE, { presets: [presetPath] }).code, once);
  });

  test('the plugin listed twice under two names', () => {
    assert.equal(compile(SOURCE, { plugins: [[pluginPath, {}, 'dd-span-again']] }).code, once);
  });

  test('the preset with TypeScript, and the plugin', () => {
    const typescript = `${SOURCE}\nexport type Row = { id: string };\n`;
    const { code } = compile(typescript, { filename: 'input.ts', presets: [[presetTypescriptPath, {}], presetPath] });
    assert.equal(code, once);
  });

  test('the output compiled again', () => {
    assert.equal(compile(once).code, once);
  });
});
