// The preset does its work on the source as written, wherever it is listed beside
// @babel/preset-typescript and @babel/preset-env (presets run last to first): async functions and
// generators are instrumented before preset-env lowers them, and the lowered code runs with the
// right spans.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { getFinishedSpans, resetSpans } from 'dd-span-runtime/testing';
import { evaluate, presetEnvPath, presetPath, presetTypescriptPath, transform, withEnvironment } from './support/preset.mjs';

const SOURCE = `
//dd:span
async function child(label: string): Promise<string> {
  await null;
  return label;
}

//dd:span
async function parent(): Promise<string[]> {
  const first = await child('first');
  const later = await new Promise<string>((resolve) => setTimeout(() => resolve(child('in a timer')), 0));
  const response = await fetch('https://api.example.com/items?page=2');
  return [first, later, await response.text()];
}

//dd:span
function* numbers(): Generator<number> {
  yield 1;
  yield 2;
}

module.exports = { observe: async () => [await parent(), [...numbers()]] };
`;

const dd = [presetPath, {}];
const typescript = [presetTypescriptPath, {}];
// ES2015: generators stay, async functions become generators. IE 11: generators become state machines too.
const es2015 = [presetEnvPath, { targets: { chrome: '51' } }];
const ie11 = [presetEnvPath, { targets: { ie: '11' } }];

const SETUPS = {
  'babel-preset-dd, then preset-typescript': [dd, typescript],
  'preset-typescript, then babel-preset-dd': [typescript, dd],
  'babel-preset-dd, preset-env for ES2015, preset-typescript': [dd, es2015, typescript],
  'preset-env for ES2015, preset-typescript, babel-preset-dd': [es2015, typescript, dd],
  'babel-preset-dd, preset-env for IE 11, preset-typescript': [dd, ie11, typescript],
  'preset-typescript, preset-env for IE 11, babel-preset-dd': [typescript, ie11, dd],
};

const realFetch = globalThis.fetch;
before(() => {
  globalThis.fetch = () => Promise.resolve(new Response('stand-in'));
});
after(() => {
  globalThis.fetch = realFetch;
});

describe('beside other presets', () => {
  for (const [name, presets] of Object.entries(SETUPS)) {
    test(`${name}: each function instrumented once, and the compiled code runs with the right spans`, async () => {
      const { code } = await withEnvironment({ DD_SERVICE: undefined, DD_ENV: undefined, DD_VERSION: undefined }, () =>
        transform(SOURCE, { filename: '/project/src/orders.ts', presets }),
      );
      assert.equal(code.match(/_ddSpan\.start\(/g)?.length, 3, code);
      if (presets.includes(es2015) || presets.includes(ie11)) assert.doesNotMatch(code, /async function/, 'preset-env lowered the async functions');
      if (presets.includes(ie11)) assert.doesNotMatch(code, /function\*/, 'preset-env lowered the generators');

      resetSpans();
      assert.deepEqual(await evaluate(code).observe(), [['first', 'in a timer', 'stand-in'], [1, 2]]);
      const spans = getFinishedSpans();
      const parent = spans.find((span) => span.name === 'parent');
      const childrenOfParent = spans
        .filter((span) => span.parentId === parent.spanId)
        .map((span) => span.tags['http.url'] ?? span.name)
        .sort();
      assert.deepEqual(childrenOfParent, ['child', 'child', 'https://api.example.com/items']);
      assert.equal(parent.parentId, null);
      assert.equal(spans.find((span) => span.name === 'numbers').parentId, null);
      assert.equal(spans.length, 5);
    });
  }
});
