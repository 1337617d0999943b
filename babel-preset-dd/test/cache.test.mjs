// Cache correctness. Babel caches each preset's result: the preset keys that cache on the build
// variables it reads (`api.cache.using`), so a changed DD_SERVICE reaches the next file. Tools
// that cache compiled files on disk key them on the configuration as Babel loads it without
// running presets (babel-jest: `JSON.stringify(loadPartialConfig(…).options)`): there the preset
// describes itself with those variables and its version.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { babel, presetPath, repoRoot, withEnvironment } from './support/preset.mjs';

const SOURCE = 'const marker = "MARKER";\n//dd:span\nexport function f() {}\n';
const project = mkdtempSync(path.join(os.tmpdir(), 'dd-span-preset-cache-'));
after(() => rmSync(project, { recursive: true, force: true }));

// A preset that reads DD_SERVICE without telling Babel's cache, for the premise: Babel keeps its first result.
writeFileSync(
  path.join(project, 'careless-preset.cjs'),
  `module.exports = () => {
    const service = process.env.DD_SERVICE;
    return { plugins: [() => ({ visitor: { StringLiteral(path) { if (path.node.value === 'MARKER') path.node.value = String(service); } } })] };
  };\n`,
);
// A static babel.config.js: Babel loads it once and keeps its presets' results in its cache.
writeFileSync(
  path.join(project, 'babel.config.js'),
  `module.exports = { presets: [${JSON.stringify(path.join(project, 'careless-preset.cjs'))}, ${JSON.stringify(presetPath)}] };\n`,
);

const compileInProject = () =>
  babel.transformSync(SOURCE, { filename: path.join(project, 'src', 'f.js'), cwd: project, root: project }).code;

describe('Babel\'s own cache', () => {
  test('a changed DD_SERVICE reaches the next compilation, where a preset that does not declare it keeps the old value', async () => {
    const first = await withEnvironment({ DD_SERVICE: 'first-service' }, compileInProject);
    const second = await withEnvironment({ DD_SERVICE: 'second-service' }, compileInProject);
    assert.match(first, /service: "first-service"/);
    assert.match(second, /service: "second-service"/);
    // The premise: the same configuration, compiled again, really is served from Babel's cache.
    assert.match(first, /const marker = "first-service"/);
    assert.match(second, /const marker = "first-service"/);
  });
});

describe('caches keyed on the loaded configuration', () => {
  const loadPartialConfig = babel.loadPartialConfigSync ?? babel.loadPartialConfig;
  const loadedConfiguration = (options) =>
    JSON.stringify(loadPartialConfig({ filename: path.join(project, 'src', 'f.js'), babelrc: false, configFile: false, presets: [[presetPath, options]] }).options);

  test('the loaded configuration names the build variables and the preset\'s version, and changes with them and with the options', async () => {
    const first = await withEnvironment({ DD_SERVICE: 'first-service', DD_ENV: undefined, DD_VERSION: undefined }, () => loadedConfiguration({}));
    const second = await withEnvironment({ DD_SERVICE: 'second-service', DD_ENV: undefined, DD_VERSION: undefined }, () => loadedConfiguration({}));
    const otherOptions = await withEnvironment({ DD_SERVICE: 'second-service', DD_ENV: undefined, DD_VERSION: undefined }, () =>
      loadedConfiguration({ integrations: { fetch: false } }),
    );
    const { version } = createRequire(import.meta.url)('../package.json');
    assert.ok(first.includes(`"name":"babel-preset-dd","version":"${version}"`), first);
    assert.ok(first.includes('"DD_SERVICE":"first-service"'), first);
    assert.notEqual(first, second);
    assert.notEqual(second, otherOptions);
  });

  test('babel-jest\'s cache key changes with DD_SERVICE', async () => {
    // babel-jest loads Babel itself (the workspace's Babel 7), as it does in a Jest project.
    const { createTransformer } = createRequire(path.join(repoRoot, 'package.json'))('babel-jest');
    const transformer = createTransformer({ presets: [presetPath], babelrc: false, configFile: false });
    const options = { config: { cwd: project, rootDir: project }, configString: '{}', instrument: false };
    const key = () => transformer.getCacheKey(SOURCE, path.join(project, 'src', 'f.js'), options);
    const first = await withEnvironment({ DD_SERVICE: 'first-service' }, key);
    const again = await withEnvironment({ DD_SERVICE: 'first-service' }, key);
    const second = await withEnvironment({ DD_SERVICE: 'second-service' }, key);
    assert.equal(first, again);
    assert.notEqual(first, second);
  });
});
