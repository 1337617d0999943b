// Which files the preset instruments: include/exclude, relative to the directory of the config that
// lists the preset, and node_modules left out unless an include names it.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { presetPath, transform } from './support/preset.mjs';

const SOURCE = '//dd:span\nexport function f() {}\n';
const ROOT = path.resolve('/project');

// Babel gives a programmatic configuration's presets the working directory as their base: `cwd` sets it.
function instruments(file, options = {}) {
  const filename = path.join(ROOT, file);
  const { code } = transform(SOURCE, { filename, cwd: ROOT, presets: [[presetPath, options]] });
  return code.includes('_ddSpan.start');
}

describe('files', () => {
  test('by default, every file outside node_modules', () => {
    assert.equal(instruments('src/app.js'), true);
    assert.equal(instruments('app.js'), true);
    assert.equal(instruments('node_modules/lib/index.js'), false);
    assert.equal(instruments('packages/ui/node_modules/lib/index.js'), false);
  });

  test('with include, only the files it matches', () => {
    const options = { include: ['src/**', /[\\/]scripts[\\/]/] };
    assert.equal(instruments('src/app.js', options), true);
    assert.equal(instruments('scripts/build.js', options), true);
    assert.equal(instruments('test/app.test.js', options), false);
    assert.equal(instruments('src/app.js', { include: 'src/**' }), true, 'a single pattern needs no array');
  });

  test('exclude wins over include', () => {
    const options = { include: ['src/**'], exclude: ['**/*.test.js', (file) => file.endsWith('.generated.js')] };
    assert.equal(instruments('src/app.js', options), true);
    assert.equal(instruments('src/app.test.js', options), false);
    assert.equal(instruments('src/api.generated.js', options), false);
  });

  test('node_modules only when an include names it: a catch-all is not enough', () => {
    assert.equal(instruments('node_modules/lib/index.js', { include: ['**/*.js'] }), false);
    assert.equal(instruments('node_modules/lib/index.js', { include: [/\.js$/] }), false);
    assert.equal(instruments('node_modules/lib/index.js', { include: ['node_modules/lib/**'] }), true);
    assert.equal(instruments('node_modules/other/index.js', { include: ['node_modules/lib/**'] }), false);
    assert.equal(instruments('node_modules/lib/index.js', { include: [/node_modules[\\/]lib[\\/]/] }), true);
    assert.equal(instruments('node_modules/lib/index.js', { include: [(file) => file.includes('/lib/')] }), true, 'a function decides knowingly');
  });

  test('an absolute glob is matched against the absolute path', () => {
    const glob = `${ROOT.split(path.sep).join('/')}/src/**`;
    assert.equal(instruments('src/app.js', { include: [glob] }), true);
    assert.equal(instruments('lib/app.js', { include: [glob] }), false);
  });

  test('code Babel was given no file name for is instrumented, unless there is an include to match', () => {
    const compile = (options) => transform(SOURCE, { filename: undefined, presets: [[presetPath, options]] }).code.includes('_ddSpan.start');
    assert.equal(compile({}), true);
    assert.equal(compile({ include: ['src/**'] }), false);
  });
});
