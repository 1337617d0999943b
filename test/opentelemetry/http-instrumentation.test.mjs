// An HTTP server compiled with the plugin, under the real @opentelemetry/instrumentation-http: the
// annotated handler is a child of the server span that the instrumentation opens for the request,
// and the outgoing request it makes is its child, in one trace with the upstream server's span.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SpanKind } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { configure } from 'dd-span-runtime';
import { createOpenTelemetryBridge, DdSpanContextManager } from 'dd-span-runtime/opentelemetry';
import { runInstrumented } from '../../babel-plugin-dd-span/test/support/exec.mjs';
import { useContextManager } from './support/managers.mjs';
import { treesByTrace, waitForSpans } from './support/spans.mjs';

const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
// The setup the README documents.
provider.register({ contextManager: new DdSpanContextManager() });
configure({ tracer: createOpenTelemetryBridge() });
// Patches `http` for every later `require('http')`, as `--require` of an instrumentation file would.
const instrumentation = new HttpInstrumentation();

const app = runInstrumented(
  `
const http = require('http');

function listen(handler) {
  const server = http.createServer(handler);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

//dd:span
function fetchUpstream(port, path) {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}

//dd:span span.name:handle.request team:web
async function handleRequest(upstreamPort, request, response) {
  await new Promise((resolve) => setImmediate(resolve));
  const body = await fetchUpstream(upstreamPort, request.url);
  response.end('front:' + body);
}

async function start() {
  const upstream = await listen((request, response) => response.end('upstream' + request.url));
  const front = await listen((request, response) => {
    handleRequest(upstream.address().port, request, response).catch((error) => {
      response.statusCode = 500;
      response.end(String(error));
    });
  });
  return { port: front.address().port, close: () => Promise.all([upstream, front].map((s) => new Promise((r) => s.close(r)))) };
}

module.exports = { start };
`,
  { filename: 'http-app.js' },
);

const KIND = Object.fromEntries(Object.entries(SpanKind).map(([name, value]) => [value, name]));
const label = (span) => `${span.name} ${KIND[span.kind]}`;

let servers;
before(async () => {
  servers = await app.start();
});
after(async () => {
  await servers.close();
  instrumentation.disable();
  await provider.shutdown();
});

// `fetch` goes through undici, which instrumentation-http does not see: the front server's span is the root.
async function requestFront(path) {
  const response = await fetch(`http://127.0.0.1:${servers.port}${path}`);
  return response.text();
}

const SPANS_PER_REQUEST = 5;
const expectedTree = [
  'GET SERVER',
  '  handle.request INTERNAL',
  '    fetchUpstream INTERNAL',
  '      GET CLIENT',
  '        GET SERVER',
].join('\n');

function httpTests() {
  test('the annotated handler is a child of the server span, and its outgoing request is its child', async () => {
    exporter.reset();
    assert.equal(await requestFront('/one'), 'front:upstream/one');
    await waitForSpans(exporter, SPANS_PER_REQUEST);
    assert.deepEqual(treesByTrace(exporter.getFinishedSpans(), label), [expectedTree]);
    const handler = exporter.getFinishedSpans().find((span) => span.name === 'handle.request');
    assert.equal(handler.attributes.team, 'web');
  });

  test('concurrent requests each form their own complete trace', async () => {
    exporter.reset();
    const paths = Array.from({ length: 12 }, (_, i) => `/item-${i}`);
    const bodies = await Promise.all(paths.map(requestFront));
    assert.deepEqual(
      bodies,
      paths.map((path) => `front:upstream${path}`),
    );
    await waitForSpans(exporter, SPANS_PER_REQUEST * paths.length);
    assert.deepEqual(
      treesByTrace(exporter.getFinishedSpans(), label),
      paths.map(() => expectedTree),
    );
  });
}

describe('with DdSpanContextManager registered through provider.register()', httpTests);

describe('with the stock AsyncLocalStorageContextManager', () => {
  before(() => useContextManager(new AsyncLocalStorageContextManager()));
  httpTests();
});
