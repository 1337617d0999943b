// The plugin's options for integrations and build-time service/env/version: checked in one place,
// with errors that name the option as written, what it accepts, and the closest known key.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compile } from './support/babel.mjs';

const SOURCE = '//dd:span\nfunction f() {}\n';

describe('integration and build-time options', () => {
  const INVALID = [
    [{ integrations: true }, /option `integrations` must be an object, got true\./],
    [{ integrations: { fecth: true } }, /unknown integration `fecth` in option `integrations`\. Did you mean `fetch`\? Accepted integrations: fetch, asyncContext\./],
    [{ integrations: { asyncContxt: false } }, /Did you mean `asyncContext`\?/],
    [{ integrations: { fetch: 'yes' } }, /option `integrations\.fetch` must be true, false or an object of settings \(allowedTracingUrls, keepQueryString\), got "yes"\./],
    [
      { integrations: { fetch: { allowedTracingUrl: [] } } },
      /unknown option `integrations\.fetch\.allowedTracingUrl`\. Did you mean `integrations\.fetch\.allowedTracingUrls`\? Accepted options: allowedTracingUrls, keepQueryString\./,
    ],
    [{ integrations: { fetch: { allowedTracingUrls: 'https://api' } } }, /option `integrations\.fetch\.allowedTracingUrls` must be an array of strings and RegExps, got "https:\/\/api"\./],
    [{ integrations: { fetch: { allowedTracingUrls: [42] } } }, /option `integrations\.fetch\.allowedTracingUrls`\[0\] must be a string or a RegExp, got 42\./],
    [
      { integrations: { fetch: { allowedTracingUrls: ['https://api', () => true] } } },
      /`integrations\.fetch\.allowedTracingUrls`\[1\] is a function, which cannot be inlined into compiled code\. Give functions at run time instead: `configureFetch\(\{ allowedTracingUrls: \[\.\.\.\] \}\)`/,
    ],
    [{ integrations: { fetch: { keepQueryString: 1 } } }, /option `integrations\.fetch\.keepQueryString` must be true or false, got 1\./],
    [{ integrations: { asyncContext: { timer: false } } }, /unknown option `integrations\.asyncContext\.timer`\. Did you mean `integrations\.asyncContext\.timers`\?/],
    [{ integrations: { asyncContext: { events: 'off' } } }, /option `integrations\.asyncContext\.events` must be true or false, got "off"\./],
    [{ service: '' }, /option `service` must be a non-empty string \(the service name\), got ""\./],
    [{ env: 3 }, /option `env` must be a non-empty string \(the environment, such as "prod"\), got 3\./],
    [{ versoin: '1.0' }, /unknown option `versoin`\. Did you mean `version`\?/],
  ];
  for (const [pluginOptions, message] of INVALID) {
    test(`${JSON.stringify(pluginOptions, (key, value) => (typeof value === 'function' ? 'a function' : value))} is refused with a clear message`, () => {
      assert.throws(() => compile(SOURCE, { pluginOptions }), message);
    });
  }

  test('RegExps in allowedTracingUrls are inlined as written, flags included', () => {
    const { code } = compile('fetch("/x");', { pluginOptions: { integrations: { fetch: { allowedTracingUrls: [/^https:\/\/api\.(?:eu|us)\.example\.com\//iu] } } } });
    assert.match(code, /allowedTracingUrls: \[\/\^https:\\\/\\\/api\\\.\(\?:eu\|us\)\\\.example\\\.com\\\/\/iu\]/);
  });
});
