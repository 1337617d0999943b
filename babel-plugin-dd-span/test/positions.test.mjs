// Directives are found by comment position over the source text (not through leadingComments):
// line endings, non-ASCII text before them and a missing source text must not throw that off.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { babel, compile, pluginPath } from './support/babel.mjs';
import { siteNames } from './support/sites.mjs';

const SOURCE = [
  'const greeting = "héllo 😀 \u2028";',
  '//dd:span',
  'function f() {}',
  'const o = {',
  '  //dd:span',
  '  m() {},',
  '};',
  '',
];

describe('finding directives by position', () => {
  for (const [ending, name] of [
    ['\n', 'LF'],
    ['\r\n', 'CRLF'],
    ['\r', 'CR'],
    ['\u2028', 'LINE SEPARATOR'],
  ]) {
    test(`works with ${name} line endings and astral characters before the directives`, () => {
      const { code } = compile(SOURCE.join(ending));
      assert.deepEqual(siteNames(code), ['f', 'm']);
    });
  }

  test('works on an AST compiled without its source text', () => {
    const source = SOURCE.join('\n');
    const ast = babel.parseSync(source, { babelrc: false, configFile: false, parserOpts: { attachComment: false } });
    const { code } = babel.transformFromAstSync(ast, undefined, {
      babelrc: false,
      configFile: false,
      plugins: [pluginPath],
    });
    assert.deepEqual(siteNames(code), ['f', 'm']);
  });
});
