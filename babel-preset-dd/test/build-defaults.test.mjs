// Service, env and version inlined at build time (browsers have no process environment at run
// time): native spans fall back on them, after the directive's service.name and the runtime's own
// configuration (DD_SERVICE at run time, or configure()).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configure } from 'dd-span-runtime';
import { getFinishedSpans, resetSpans } from 'dd-span-runtime/testing';
import { evaluate, transform, withEnvironment } from './support/preset.mjs';

const SOURCE = `
//dd:span
function plain() {}

//dd:span service.name:billing
function billed() {}

module.exports = { plain, billed, load: (url) => fetch(url) };
`;

const BUILD = { DD_SERVICE: 'shop-web', DD_ENV: 'staging', DD_VERSION: '2.0.1' };

async function compiled() {
  const { code } = await withEnvironment(BUILD, () => transform(SOURCE, { sourceType: 'script', options: { moduleStyle: 'require' } }));
  return evaluate(code);
}

const summary = ({ name, service, tags }) => ({ name, service, env: tags.env, version: tags.version });

test('spans carry the build\'s service, env and version; the directive\'s service.name wins, then the runtime\'s configuration', async () => {
  const realFetch = globalThis.fetch;
  globalThis.fetch = () => Promise.resolve(new Response('stand-in'));
  try {
    const module = await compiled();
    resetSpans();
    module.plain();
    module.billed();
    await module.load('https://api.example.com/items');
    assert.deepEqual(getFinishedSpans().map(summary), [
      { name: 'plain', service: 'shop-web', env: 'staging', version: '2.0.1' },
      { name: 'billed', service: 'billing', env: 'staging', version: '2.0.1' },
      { name: 'http.request', service: 'shop-web', env: 'staging', version: '2.0.1' },
    ]);

    // configure() stands for DD_SERVICE and DD_ENV at run time: both set the runtime's configuration.
    configure({ service: 'run-time-service', env: 'production' });
    resetSpans();
    module.plain();
    module.billed();
    assert.deepEqual(getFinishedSpans().map(summary), [
      { name: 'plain', service: 'run-time-service', env: 'production', version: '2.0.1' },
      { name: 'billed', service: 'billing', env: 'production', version: '2.0.1' },
    ]);
  } finally {
    globalThis.fetch = realFetch;
  }
});
