// The preset's own glob matching (include/exclude), table-driven: what each pattern matches and what
// it does not.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRequire } from 'node:module';

const { globToRegExp } = createRequire(import.meta.url)('../dist/glob.js');

const CASES = [
  ['src/app.js', ['src/app.js'], ['src/app.jsx', 'app.js', 'lib/src/app.js']],
  ['*.js', ['app.js', '.hidden.js'], ['src/app.js', 'app.ts']],
  ['src/*.js', ['src/a.js'], ['src/sub/a.js', 'src/a.ts']],
  ['src/**', ['src/a.js', 'src/deep/er/b.ts'], ['lib/a.js', 'srcs/a.js']],
  ['src/**/*.test.js', ['src/a.test.js', 'src/x/y/a.test.js'], ['src/a.js', 'test/a.test.js']],
  ['**/*.stories.jsx', ['Button.stories.jsx', 'src/ui/Button.stories.jsx'], ['Button.jsx', 'src/ui/Button.stories.js']],
  ['src/**/util.js', ['src/util.js', 'src/a/b/util.js'], ['src/a/b/myutil.js']],
  ['src', ['src/a.js', 'src/deep/b.js', 'src'], ['srcs/a.js', 'lib/src/a.js']],
  ['node_modules/my-lib', ['node_modules/my-lib/index.js'], ['node_modules/other/index.js', 'node_modules/my-lib2/index.js']],
  ['file?.js', ['file1.js', 'fileA.js'], ['file.js', 'file12.js', 'file/.js']],
  ['src/*.{js,ts}', ['src/a.js', 'src/a.ts'], ['src/a.jsx', 'src/a.']],
  ['{src,lib}/**/*.js', ['src/a.js', 'lib/x/a.js'], ['test/a.js']],
  ['src/{a,b{1,2}}.js', ['src/a.js', 'src/b1.js', 'src/b2.js'], ['src/b.js', 'src/b3.js']],
  ['[ab].js', ['a.js', 'b.js'], ['c.js', 'ab.js']],
  ['[!ab].js', ['c.js'], ['a.js', '/.js']],
  ['[a-c]x.js', ['bx.js'], ['dx.js']],
  ['src/a+b(1).js', ['src/a+b(1).js'], ['src/aab1.js']],
  ['\\*.js', ['*.js'], ['a.js']],
  ['src/{a,b.js', ['src/{a,b.js'], ['src/a']],
  ['src/**x.js', ['src/ax.js'], ['src/a/x.js']],
  ['/abs/**/*.js', ['/abs/a.js', '/abs/b/c.js'], ['/other/a.js']],
];

describe('globs', () => {
  for (const [glob, matches, misses] of CASES) {
    test(`${glob} matches ${matches.join(', ')} and not ${misses.join(', ')}`, () => {
      const regexp = globToRegExp(glob);
      for (const path of matches) assert.ok(regexp.test(path), `${glob} should match ${path}`);
      for (const path of misses) assert.ok(!regexp.test(path), `${glob} should not match ${path}`);
    });
  }
});
