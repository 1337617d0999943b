// End to end with the real dd-trace and its real integrations: an HTTP server compiled with the
// plugin runs under `node -r dd-trace/init` and sends its traces to the Agent stand-in.
// The tree must read web.request (dd-trace's http server) > your.span (the directive) >
// http.request (dd-trace's http client, called inside the annotated function).
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, test } from 'node:test';
import { ddTraceVersion } from './support/dd-trace-module.mjs';
import { startFakeAgent } from './support/fake-agent.mjs';
import { assertChildOf, holds, only } from './support/spans.mjs';
import { startTracedServer } from './support/traced-server.mjs';

const SERVICE = 'dd-span-e2e';
let agent;
let downstream;
let server;

before(async () => {
  agent = await startFakeAgent();
  // The endpoint the annotated function calls. It lives in this process, which dd-trace does not
  // trace, so the server's trace is the only one.
  downstream = http.createServer((_request, response) => response.end('downstream says hi'));
  await new Promise((resolve) => downstream.listen(0, '127.0.0.1', resolve));
  server = await startTracedServer({
    agentUrl: agent.url,
    downstreamUrl: `http://127.0.0.1:${downstream.address().port}/stock`,
    service: SERVICE,
  });
});

after(async () => {
  await server?.stop();
  downstream?.closeAllConnections();
  await new Promise((resolve) => downstream?.close(resolve) ?? resolve());
  await agent?.close();
});

test('under -r dd-trace/init, detectDdTrace finds dd-trace and the bridge shares its scope', () => {
  assert.equal(server.detected, true);
  assert.equal(server.sharesDdTraceScope, true);
});

test('a directive span sits between dd-trace\'s web.request and the http.request it makes', async () => {
  const response = await fetch(`${server.url}/checkout`);
  assert.equal(await response.text(), 'downstream says hi');

  const trace = await agent.waitForTrace(holds('your.span'));
  const web = only(trace, 'web.request');
  const ours = only(trace, 'your.span');
  const client = only(trace, 'http.request');
  assert.equal(web.parent_id, 0n);
  assertChildOf(ours, web);
  assertChildOf(client, ours);

  assert.equal(ours.resource, 'GET /downstream');
  assert.equal(ours.type, 'custom');
  assert.equal(ours.service, SERVICE);
  assert.equal(ours.error, 0);
  assert.equal(ours.meta.team, 'checkout');
  assert.equal(ours.meta['function-name'], 'callDownstream');
  assert.equal(ours.meta.env, 'test');
  assert.equal(ours.meta.version, '1.2.3');
  // Set through `tracer.scope().active()` after an await inside the annotated function.
  assert.equal(ours.meta['downstream.body'], 'downstream says hi');
  assert.equal(client.meta['http.url'], `http://127.0.0.1:${downstream.address().port}/stock`);
  assert.deepEqual(agent.problems, []);
});

test('an annotated function that throws leaves error, error.type, error.message and error.stack on its span', async () => {
  const response = await fetch(`${server.url}/fail`);
  assert.equal(response.status, 500);
  assert.equal(await response.text(), 'order 7 is invalid');

  const trace = await agent.waitForTrace(holds('order.validate'));
  const ours = only(trace, 'order.validate');
  assertChildOf(ours, only(trace, 'web.request'));
  assert.equal(ours.resource, 'validate-order');
  assert.equal(ours.error, 1);
  assert.equal(ours.meta['error.type'], 'RangeError');
  assert.equal(ours.meta['error.message'], 'order 7 is invalid');
  assert.match(ours.meta['error.stack'], /^RangeError: order 7 is invalid\n\s+at validateOrder /);
  assert.deepEqual(agent.problems, []);
});

test('every trace came from the dd-trace under test', () => {
  assert.deepEqual([...agent.tracerVersions], [ddTraceVersion]);
});
