// The OTLP entry has two builds: Node's (and the default), which reads the environment variables and
// posts with Node's http module, and the browser's, which does neither and posts with `fetch`. Both
// send the same OTLP JSON.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, afterEach, before, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createOtlpExporter } from 'dd-span-runtime/otlp';
import { startReceiver } from './support/receiver.mjs';
import { finishedSpan } from './support/finished-span.mjs';

const browserEntry = pathToFileURL(fileURLToPath(new URL('../../runtime/dist/esm/exporters/otlp-browser.js', import.meta.url))).href;

let receiver;
before(async () => {
  receiver = await startReceiver();
});
after(() => receiver.close());

const realFetch = globalThis.fetch;
let fetched;
const spyOnFetch = () => {
  fetched = 0;
  globalThis.fetch = (...args) => {
    fetched++;
    return realFetch(...args);
  };
};
afterEach(() => {
  globalThis.fetch = realFetch;
});

const fakeSpan = (name) => finishedSpan({ name, resource: name, start: Date.now(), duration: 1 });

test("in Node, requests go through Node's http module, not fetch", async () => {
  spyOnFetch();
  const exporter = createOtlpExporter({ endpoint: receiver.url });
  exporter.sink(fakeSpan('node'));
  await exporter.shutdown();
  assert.equal(exporter.stats().exported, 1);
  assert.equal(fetched, 0);
  assert.ok(receiver.spans().some((span) => span.name === 'node'));
});

test('the browser build posts with fetch, the same OTLP JSON', async () => {
  const browser = await import(browserEntry);
  spyOnFetch();
  const exporter = browser.createOtlpExporter({ endpoint: receiver.url, serviceName: 'page' });
  const before = receiver.requests.length;
  exporter.sink(fakeSpan('browser'));
  await exporter.shutdown();
  assert.deepEqual(exporter.stats(), { exported: 1, dropped: 0, failed: 0, retried: 0, queued: 0 });
  assert.equal(fetched, 1);
  const [request] = receiver.requests.slice(before);
  assert.deepEqual(request.problems, []);
  assert.equal(request.body.resourceSpans[0].scopeSpans[0].spans[0].name, 'browser');
});

test('the browser build reads no environment variable: options and configure() only', () => {
  const code = `
    const { createOtlpExporter } = await import(${JSON.stringify(browserEntry)});
    const exporter = createOtlpExporter();
    console.log(JSON.stringify({ endpoint: exporter.endpoint }));
    await exporter.shutdown();`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], {
    env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '' },
    encoding: 'utf8',
  });
  // The default endpoint, and no TypeError for the malformed variable the Node build would refuse.
  assert.deepEqual(JSON.parse(out), { endpoint: 'http://localhost:4318/v1/traces' });
});
