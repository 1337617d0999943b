// Plugin options are validated in one place, with errors that say what to write instead.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compile } from './support/babel.mjs';

const SOURCE = '//dd:span\nfunction f() {}\n';

describe('plugin options', () => {
  const INVALID = [
    [{ moduleStlye: 'require' }, /unknown option `moduleStlye`\. Did you mean `moduleStyle`\?/],
    [{ runtme: 'x' }, /unknown option `runtme`\. Did you mean `runtime`\?/],
    [{ moduleStyle: 'commonjs' }, /option `moduleStyle` must be one of "auto", "import", "require", got "commonjs"/],
    [{ runtime: '' }, /option `runtime` must be a non-empty module specifier string, got ""/],
    [{ runtime: 42 }, /option `runtime` must be a non-empty module specifier string, got 42/],
  ];
  for (const [pluginOptions, message] of INVALID) {
    test(`${JSON.stringify(pluginOptions)} is refused with a clear message`, () => {
      assert.throws(() => compile(SOURCE, { pluginOptions }), message);
    });
  }
});
