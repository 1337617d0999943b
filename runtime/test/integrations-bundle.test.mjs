// The runtime's core stays small in browser bundles: the fetch integration's code is only in the
// bundles of code that calls fetch, the async-context integration's only in those of code that hands
// a callback over. Compiled modules are bundled with esbuild for the browser, as a
// production build would bundle them (the package declares no side effects, so unused exports go).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import esbuild from 'esbuild';
import { compile, repoRoot } from '../../babel-plugin-dd-span/test/support/babel.mjs';

const pluginOptions = { integrations: { fetch: true, asyncContext: true } };

async function bundle(source) {
  const { code } = compile(source, { filename: 'entry.js', pluginOptions });
  const result = await esbuild.build({
    stdin: { contents: code, resolveDir: repoRoot, sourcefile: 'entry.js' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

// Strings only the fetch integration's modules hold.
const FETCH_CODE = ['integrations/fetch.js', 'integrations/trace-headers.js', 'traceparent'];

test('a bundle whose code calls no fetch holds none of the fetch integration', async () => {
  const output = await bundle(`//dd:span\nexport function add(a, b) { setTimeout(() => a); return a + b; }\n`);
  assert.match(output, /function start\(/, 'the core is there');
  for (const text of FETCH_CODE) assert.equal(output.includes(text), false, `the bundle holds ${text}`);
  assert.equal(output.includes('integrations/bind.js'), true, 'the callback is bound');
});

test('a bundle whose code hands no callback over holds none of the async-context integration', async () => {
  const output = await bundle(`//dd:span\nexport function add(a, b) { return a + b; }\n`);
  assert.match(output, /function start\(/, 'the core is there');
  assert.equal(output.includes('integrations/bind.js'), false);
});

test('a bundle whose code calls fetch holds the fetch integration, without what only Node needs', async () => {
  const output = await bundle(`export const load = () => fetch('/api');\n`);
  for (const text of FETCH_CODE) assert.equal(output.includes(text), true, `the bundle lacks ${text}`);
  // dd-trace and instrumentation-undici, which trace fetch in Node only (integrations/fetch-node.js).
  for (const text of ['fetch-node.js', 'diagnostics_channel']) assert.equal(output.includes(text), false, `the bundle holds ${text}`);
});
