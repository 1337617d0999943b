// Warnings never stop a build: they print to stderr with a code frame at the comment, and are
// recorded in result.metadata.ddSpan.warnings for tools and tests.
import assert from 'node:assert/strict';
import { describe, mock, test } from 'node:test';
import { compile } from './support/babel.mjs';
import { instrumentation, siteNames } from './support/sites.mjs';

const ANSI = /\x1b\[[0-9;]*m/g;

function compileQuietly(source, options) {
  const warn = mock.method(console, 'warn', () => {});
  try {
    const result = compile(source, options);
    return { result, printed: warn.mock.calls.map((call) => call.arguments.join(' ')) };
  } finally {
    warn.mock.restore();
  }
}

const NEAR_MISSES = ['// dd:span', '/* dd:span */', '/*dd:span*/', '//dd:spam', '//dd:spanExtra'];

describe('near misses', () => {
  for (const comment of NEAR_MISSES) {
    test(`${comment} warns with a code frame at its line and the build goes on`, () => {
      const source = `const before = 1;\n\n${comment}\nfunction f() {}\n\n//dd:span\nfunction g() {}\n`;
      const { result, printed } = compileQuietly(source, { filename: 'near-miss.js' });
      const [warning, ...others] = result.metadata.ddSpan.warnings;
      assert.deepEqual(others, []);
      assert.equal(warning.line, 3);
      assert.equal(warning.column, 0);
      const frame = warning.formatted.replace(ANSI, '');
      assert.ok(frame.includes('near-miss.js'), frame);
      assert.ok(frame.includes(warning.message), frame);
      assert.ok(frame.includes(`> 3 | ${comment}`), frame);
      assert.match(frame, /^\s+\| \^+/m);
      assert.deepEqual(printed, [warning.formatted]);
      // The rest of the file is still instrumented.
      assert.deepEqual(siteNames(result.code), ['g']);
    });
  }
});

describe('directives that attach to nothing', () => {
  test('warn at the directive, and the functions around them are still instrumented', () => {
    const source = `//dd:span\nfunction a() {}\n//dd:span\nconst limit = 10;\n//dd:span\nfunction b() {}\n`;
    const { result } = compileQuietly(source);
    assert.deepEqual(
      result.metadata.ddSpan.warnings.map(({ line, message }) => [line, message]),
      [[3, '`//dd:span` attaches to nothing it can instrument: `NumericLiteral` is not a function.']],
    );
    assert.deepEqual(siteNames(result.code), ['a', 'b']);
  });

  test('TypeScript declarations without a body warn instead of crashing', () => {
    const source = `//dd:span\ndeclare function f(): void;\nabstract class A {\n  //dd:span\n  abstract m(): void;\n}\n`;
    const { result } = compileQuietly(source, {
      filename: 'input.ts',
      parserOpts: { plugins: ['typescript'] },
    });
    assert.deepEqual(result.metadata.ddSpan.warnings.map(({ line }) => line), [1, 4]);
  });
});

describe('directives after code on the same line', () => {
  test('apply to nothing and warn, even after an opening bracket', () => {
    const source = `run( //dd:span\n  () => {},\n);\nconst limit = 10; //dd:span\nfunction f() {}\n`;
    const { result } = compileQuietly(source);
    assert.deepEqual(
      result.metadata.ddSpan.warnings.map(({ line, message }) => [line, message]),
      [1, 4].map((line) => [
        line,
        '`//dd:span` has no effect after code on the same line: put it on its own line above the code it applies to.',
      ]),
    );
    assert.equal(instrumentation(result.code).functions, 0);
  });
});

describe('files without any warning', () => {
  test('record an empty list', () => {
    const { result, printed } = compileQuietly('//dd:span\nfunction f() {}\n');
    assert.deepEqual(result.metadata.ddSpan.warnings, []);
    assert.deepEqual(printed, []);
  });
});

// This file compiles `//dd:ignore` nowhere else: the deprecation is said once per process.
describe('legacy //dd:ignore', () => {
  test('ignores like //orchestrion:ignore, and says it is deprecated once per process', () => {
    const source = `//dd:ignore\n//dd:span\nfunction f() {}\n//dd:ignore reason\n//dd:span\nfunction g() {}\n`;
    const first = compileQuietly(source).result;
    const second = compileQuietly(source).result;
    assert.equal(instrumentation(first.code).functions, 0);
    assert.equal(instrumentation(second.code).functions, 0);
    assert.deepEqual(
      first.metadata.ddSpan.warnings.map(({ line, message }) => [line, message]),
      [[1, '`//dd:ignore` is deprecated; write `//orchestrion:ignore` instead (this warning is shown once).']],
    );
    assert.deepEqual(second.metadata.ddSpan.warnings, []);
  });
});
