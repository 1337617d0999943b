// `//orchestrion:ignore` removes all instrumentation from the code it stands before: that code must
// print exactly as Babel prints it without the plugin, even when the rest of the file is instrumented.
// (Fully ignored files are compared whole in the fixtures: printsAsWithoutPlugin.)
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { babel, compile } from './support/babel.mjs';
import { siteNames } from './support/sites.mjs';

const TRACED = `//dd:span
export function traced(a) {
  return a;
}
`;

const IGNORED = {
  'a function': `//orchestrion:ignore
//dd:span
export function skipped(a) {
  return a;
}`,
  'a function, with a reason': `//orchestrion:ignore hot path: measured by the caller
//dd:span
export function skipped(a) {
  return a;
}`,
  'a statement holding an annotated callback': `//orchestrion:ignore
app.get('/health',
//dd:span
(req, res) => res.end('ok'));`,
  'a class with a class-level and a method directive': `//orchestrion:ignore
//dd:span
export class Cache {
  //dd:span
  get(key) {
    return this.map.get(key);
  }
}`,
  'a subtree with nested annotated functions': `//orchestrion:ignore
export function setup() {
  //dd:span
  function inner() {
    return 1;
  }
  //dd:span
  return async () => {
    await inner();
  };
}`,
};

const printWithoutPlugin = (source) => babel.transformSync(source, { babelrc: false, configFile: false }).code;

describe('ignored code beside instrumented code', () => {
  for (const [what, ignored] of Object.entries(IGNORED)) {
    test(`${what} prints exactly as without the plugin`, () => {
      const { code } = compile(`${TRACED}\n${ignored}\n`);
      assert.deepEqual(siteNames(code), ['traced']);
      assert.ok(code.includes(printWithoutPlugin(ignored)), code);
    });
  }
});

describe('ignored code inside an instrumented function', () => {
  test('is left as written while the function around it is instrumented', () => {
    const ignored = `//orchestrion:ignore
  //dd:span
  const helper = () => 1;`;
    const { code } = compile(`//dd:span\nfunction outer() {\n  ${ignored}\n  return helper();\n}\n`);
    assert.deepEqual(siteNames(code), ['outer']);
    assert.ok(code.includes(ignored.replaceAll('\n  ', '\n    ')), code);
  });
});
