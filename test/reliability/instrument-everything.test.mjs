// The tool behind the reliability suites: it must annotate every function without changing the
// program, know which directives cannot attach, and catch an ignored subtree the plugin changed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { babel, compile } from '../../babel-plugin-dd-span/test/support/babel.mjs';
import { annotate, compareIgnored, instrumentFile } from './instrument-everything.mjs';

// Functions in the places where a line comment is an ASI hazard (after `return`, `throw`, `yield`),
// in argument lists and conditionals (where the comment must still stand on its own line), and in
// every declaration form the plugin sees through.
const SOURCE = `
export function outer(a) {
  return function () { return a; };
}
function* gen() {
  yield function () {};
  yield () => 1;
}
const thrower = async () => { throw function () {}; };
use(function () {}, () => 2, async function* () {});
const pick = Math.random() > 2 ? function () {} : () => 3;
(function () {})();
(function () {}).call(this);
export default class Box extends Array {
  static #count = 0;
  field = () => 4;
  constructor() { super(); }
  get size() { return 1; }
  async *[Symbol.asyncIterator]() {}
  #secret() {}
}
const object = { method() {}, property: function () {}, async *generator() {} };
`;

describe('annotate', () => {
  test('puts a directive on every function without changing the program, and each one instruments its function', () => {
    const result = instrumentFile(SOURCE, { filename: 'all.js' });
    assert.equal(result.functions, 22);
    assert.equal(result.expectedSites, 22);
    assert.equal(result.instrumented, 22);
    assert.deepEqual(result.warnings, []);
  });

  test('the printed directives stand on lines of their own', () => {
    const { code } = annotate(SOURCE, { filename: 'all.js' });
    const lines = code.split('\n').filter((line) => line.includes('//dd:span'));
    assert.equal(lines.length, 22);
    for (const line of lines) assert.equal(line.trim(), '//dd:span');
  });

  test('a function that only starts a larger expression is counted as one the directive cannot reach', () => {
    const result = instrumentFile('const bound = function () {}.bind(null);\n', { filename: 'bound.js' });
    assert.equal(result.expectedSites, 0);
    assert.equal(result.expectedWarnings, 1);
    assert.equal(result.instrumented, 0);
    assert.match(result.warnings[0].message, /attaches to nothing it can instrument: it is a call/);
  });

  test('TypeScript declarations without a body get a directive too, and the warning it is worth', () => {
    const result = instrumentFile('export declare function f(): void;\nexport abstract class A { abstract m(): void; }\n', { filename: 'types.d.ts' });
    assert.equal(result.functions, 2);
    assert.equal(result.expectedWarnings, 2);
    assert.equal(result.warnings.length, 2);
  });

  test('ignore placements depend on the seed alone', () => {
    const place = (seed) => annotate(SOURCE, { filename: 'all.js', ignore: { seed, rate: 0.2 } });
    assert.equal(place(7).code, place(7).code);
    assert.notEqual(place(7).code, place(8).code);
    assert.ok(place(7).ignoreIds.length > 3);
  });

  test('functions left alone get //orchestrion:ignore instead, and a line with no function is an error', () => {
    const result = instrumentFile('const a = () => 1;\nconst b = () => 2;\n', { filename: 'kept.js', leaveAlone: [2] });
    assert.equal(result.instrumented, 1);
    assert.match(result.code, /\/\/orchestrion:ignore reliability-kept-0\nconst b = \(\) => 2;/);
    assert.throws(() => annotate('const a = 1;\n', { filename: 'kept.js', leaveAlone: [1] }), /no function starts on line 1/);
  });
});

describe('compareIgnored', () => {
  test('finds no difference in what the plugin leaves ignored', () => {
    const result = instrumentFile(SOURCE, { filename: 'all.js', ignore: { seed: 3, rate: 0.3 } });
    assert.ok(result.ignored.checked > 5);
    assert.deepEqual(result.ignored.mismatches, []);
  });

  test('reports an ignored subtree that the compiled program changed', () => {
    const annotated = annotate('function f(a) {\n  //orchestrion:ignore reliability-0\n  return a;\n}\n', { filename: 'one.js' });
    const { ast } = compile(annotated.code, { filename: 'one.js', ast: true });
    babel.traverse(ast, {
      ReturnStatement(path) {
        path.node.argument = babel.types.numericLiteral(1);
      },
    });
    const { checked, mismatches } = compareIgnored(annotated, ast);
    assert.equal(checked, 1);
    assert.deepEqual(mismatches, [{ id: 'reliability-0', withPlugin: '//orchestrion:ignore reliability-0\nreturn 1;', withoutPlugin: '//orchestrion:ignore reliability-0\nreturn a;' }]);
  });
});
