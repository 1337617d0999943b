// The preset's options: checked in one place, in the preset's name, with "did you mean …?" for
// unknown keys; and the defaults it gives the plugin.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { transform, withEnvironment } from './support/preset.mjs';

const SOURCE = '//dd:span\nexport async function load(id) {\n  setTimeout(done);\n  return fetch(`/items/${id}`);\n}\n';

describe('preset options', () => {
  const INVALID = [
    [{ servcie: 'x' }, /babel-preset-dd: unknown option `servcie`\. Did you mean `service`\? Accepted options: integrations, include, exclude, service, env, version, runtime, moduleStyle\./],
    [{ exlcude: [] }, /unknown option `exlcude`\. Did you mean `exclude`\?/],
    [{ integration: {} }, /unknown option `integration`\. Did you mean `integrations`\?/],
    [{ integrations: { fecth: false } }, /babel-preset-dd: unknown integration `fecth` in option `integrations`\. Did you mean `fetch`\?/],
    [{ integrations: [] }, /babel-preset-dd: option `integrations` must be an object, got \[\]\./],
    [{ integrations: { fetch: { allowedTracingUrls: [() => true] } } }, /babel-preset-dd: option `integrations\.fetch\.allowedTracingUrls`\[0\] is a function, which cannot be inlined/],
    [{ include: 42 }, /babel-preset-dd: option `include` must be a glob string, a RegExp or a function of the file name \(or an array of them\), got 42\./],
    [{ exclude: ['src/**', ''] }, /option `exclude`\[1\] must be a glob string, a RegExp or a function of the file name \(or an array of them\), got ""\./],
    [{ service: 42 }, /babel-preset-dd: option `service` must be a non-empty string or false \(to inline no service\), got 42\./],
    [{ env: true }, /option `env` must be a non-empty string or false \(to inline no env\), got true\./],
    [{ runtime: '' }, /babel-preset-dd: option `runtime` must be a non-empty module specifier string, got ""\./],
    [{ moduleStyle: 'esm' }, /babel-preset-dd: option `moduleStyle` must be one of "auto", "import", "require", got "esm"\./],
  ];
  for (const [options, message] of INVALID) {
    test(`${JSON.stringify(options, (key, value) => (typeof value === 'function' ? 'a function' : value))} is refused with a clear message`, () => {
      assert.throws(() => transform(SOURCE, { options }), message);
    });
  }
});

describe('what the preset enables', () => {
  const unset = { DD_SERVICE: undefined, DD_ENV: undefined, DD_VERSION: undefined };

  test('the directive, and every integration, by default', async () => {
    const { code } = await withEnvironment(unset, () => transform(SOURCE));
    assert.match(code, /_ddSpan\.start\(_ddSite\)/);
    assert.match(code, /setTimeout\(_ddBind\(_ddFrame, done\)\)/);
    assert.match(code, /_ddTracedFetch\(_ddFetchOptions, fetch, void 0, \[`\/items\/\$\{id\}`\]\)/);
  });

  test('each integration can be turned off, or given settings, on its own', async () => {
    const { code } = await withEnvironment(unset, () =>
      transform(SOURCE, { options: { integrations: { asyncContext: false, fetch: { keepQueryString: true } } } }),
    );
    assert.match(code, /^ {4}setTimeout\(done\);$/m);
    assert.match(code, /keepQueryString: true/);
  });

  test('runtime and moduleStyle reach the plugin', async () => {
    const { code } = await withEnvironment(unset, () => transform(SOURCE, { options: { runtime: '@acme/tracing', moduleStyle: 'require' } }));
    assert.match(code, /^var _ddSpan = require\("@acme\/tracing"\)\.instrumentation;$/m);
  });

  test('service, env and version come from the build\'s DD_* variables, unless given, or turned off with false', async () => {
    const build = { DD_SERVICE: 'shop-web', DD_ENV: 'staging', DD_VERSION: ' 2.0.1 ' };
    const fromEnvironment = await withEnvironment(build, () => transform(SOURCE).code);
    assert.match(fromEnvironment, /var _ddDefaults = \{\n {2}service: "shop-web",\n {2}env: "staging",\n {2}version: "2\.0\.1"\n\};/);
    const given = await withEnvironment(build, () => transform(SOURCE, { options: { service: 'checkout', env: false } }).code);
    assert.match(given, /var _ddDefaults = \{\n {2}service: "checkout",\n {2}version: "2\.0\.1"\n\};/);
    const none = await withEnvironment({ ...build, DD_VERSION: '' }, () => transform(SOURCE, { options: { service: false, env: false } }).code);
    assert.doesNotMatch(none, /_ddDefaults/);
  });
});
