// With dd-trace in the process (`node -r dd-trace/init`), dd-trace traces Node's fetch itself: the
// fetch integration then makes no span of its own, and dd-trace's span is a child of the directive
// span. With dd-trace's fetch plugin turned off, the integration's span goes through dd-trace instead,
// with dd-trace's ids in the headers. A compiled script runs in a child process for each case and
// sends its traces to the Agent stand-in.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { compile } from '../../babel-plugin-dd-span/test/support/babel.mjs';
import { ddTraceEnv } from '../../test/dd-trace/support/dd-trace-env.mjs';
import { childNodePath, ddTraceInitPath, ddTraceVersion } from '../../test/dd-trace/support/dd-trace-module.mjs';
import { startFakeAgent } from '../../test/dd-trace/support/fake-agent.mjs';
import { startEchoServer, traceHeadersOf } from './support/echo-server.mjs';

const SCRIPT = `
//dd:span span.name:checkout
async function checkout(url) {
  const response = await fetch(url);
  return response.text();
}

checkout(process.env.TARGET_URL).then((body) => process.stdout.write(JSON.stringify({ body }) + '\\n'));
// Kept alive until the test has its trace: dd-trace flushes on an interval.
setInterval(() => {}, 1000);
`;

let agent;
let server;
const dirs = [];

before(async () => {
  agent = await startFakeAgent();
  server = await startEchoServer();
});
after(async () => {
  await server.close();
  await agent.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs the compiled script under dd-trace with `env`; resolves with the trace holding its `checkout` span. */
async function runUnderDdTrace(service, env = {}) {
  const { code } = compile(SCRIPT, {
    filename: 'checkout.js',
    sourceType: 'script',
    pluginOptions: { moduleStyle: 'require', integrations: { fetch: { allowedTracingUrls: [server.url] } } },
  });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dd-span-fetch-dd-trace-'));
  dirs.push(dir);
  const file = path.join(dir, 'checkout.js');
  writeFileSync(file, code);
  const child = spawn(process.execPath, ['-r', ddTraceInitPath, file], {
    cwd: dir,
    env: { ...process.env, ...ddTraceEnv(agent.url, { service }), ...env, TARGET_URL: `${server.url}/cart?session=1`, NODE_PATH: childNodePath },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  try {
    return await agent.waitForTrace((trace) => trace.some((span) => span.name === 'checkout' && span.service === service));
  } catch (error) {
    throw new Error(`${error.message}\nstderr: ${stderr}`);
  } finally {
    child.kill();
  }
}

const hex = (id) => BigInt(id).toString(16).padStart(16, '0');

test('dd-trace traces the fetch: one http.request span, dd-trace\'s, child of the directive span, with dd-trace\'s headers', async () => {
  const trace = await runUnderDdTrace('fetch-by-dd-trace');
  const checkout = trace.find((span) => span.name === 'checkout');
  const requests = trace.filter((span) => span.name === 'http.request');
  assert.equal(requests.length, 1, `spans: ${trace.map((span) => span.name).join(', ')}`);
  const [request] = requests;
  assert.equal(request.parent_id, checkout.span_id);
  assert.equal(request.meta['_dd.integration'], 'fetch', "dd-trace's own fetch plugin made it");
  const headers = traceHeadersOf(server.requests.find((seen) => seen.path === '/cart?session=1').headers);
  assert.equal(headers['x-datadog-parent-id'], BigInt(request.span_id).toString());
  assert.match(headers.traceparent, new RegExp(`-${hex(request.span_id)}-01$`));
});

test('with dd-trace\'s fetch plugin off, the integration\'s span goes through dd-trace, with dd-trace\'s ids in the headers', async () => {
  server.requests.length = 0;
  const trace = await runUnderDdTrace('fetch-by-the-integration', { DD_TRACE_FETCH_ENABLED: 'false' });
  const checkout = trace.find((span) => span.name === 'checkout');
  const requests = trace.filter((span) => span.name === 'http.request');
  assert.equal(requests.length, 1, `spans: ${trace.map((span) => span.name).join(', ')}`);
  const [request] = requests;
  assert.equal(request.parent_id, checkout.span_id);
  assert.equal(request.meta['http.url'], `${server.url}/cart`);
  assert.equal(request.meta['http.status_code'], '200');
  assert.notEqual(request.meta['_dd.integration'], 'fetch', 'the integration made it, through the bridge');
  const headers = traceHeadersOf(server.last().headers);
  assert.match(headers.traceparent, new RegExp(`^00-[0-9a-f]{16}${hex(request.trace_id)}-${hex(request.span_id)}-01$`));
  assert.equal(headers['x-datadog-trace-id'], BigInt(request.trace_id).toString());
  assert.equal(headers['x-datadog-parent-id'], BigInt(request.span_id).toString());
});

test('every trace came from the dd-trace under test', () => {
  assert.deepEqual([...agent.tracerVersions], [ddTraceVersion]);
});
