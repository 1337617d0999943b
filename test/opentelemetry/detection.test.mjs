// How the bridge finds the application's OpenTelemetry: through the API's global registration,
// whenever it happens, or through the `api` module handed to it.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import * as api from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { configure } from 'dd-span-runtime';
import { createOpenTelemetryBridge, DdSpanContextManager, detectOpenTelemetry } from 'dd-span-runtime/opentelemetry';
import { runInstrumented, runOriginal } from '../../babel-plugin-dd-span/test/support/exec.mjs';

const source = `
//dd:span
function work(x) {
  return x + 1;
}
module.exports = { work };
`;
const app = runInstrumented(source, { filename: 'detection-app.js' });
const original = runOriginal(source, { filename: 'detection-app.js' });

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
after(() => provider.shutdown());
beforeEach(() => exporter.reset());

const exportedNames = () => exporter.getFinishedSpans().map((span) => span.name);

describe('before a tracer provider is registered', () => {
  test('detectOpenTelemetry() finds nothing', () => {
    assert.equal(detectOpenTelemetry(), null);
  });

  test('a bridge configured early drops spans and leaves the function as it is', () => {
    configure({ tracer: createOpenTelemetryBridge() });
    assert.equal(app.work(1), original.work(1));
    assert.deepEqual(exportedNames(), []);
  });
});

describe('once a tracer provider is registered', () => {
  before(() => {
    api.trace.setGlobalTracerProvider(provider);
    api.context.setGlobalContextManager(new DdSpanContextManager());
  });

  test('the bridge configured before registration sends its spans to it', () => {
    assert.equal(app.work(1), original.work(1));
    assert.deepEqual(exportedNames(), ['work']);
  });

  test('detectOpenTelemetry() returns a working bridge', () => {
    const bridge = detectOpenTelemetry();
    assert.notEqual(bridge, null);
    configure({ tracer: bridge });
    app.work(1);
    assert.deepEqual(exportedNames(), ['work']);
  });

  test('a bridge given the api module uses its tracer provider', () => {
    configure({ tracer: createOpenTelemetryBridge({ api, tracerName: 'via-api' }) });
    app.work(1);
    const [span] = exporter.getFinishedSpans();
    assert.equal(span.instrumentationScope.name, 'via-api');
  });

  test('a bridge given a tracer provider uses it rather than the registered one', () => {
    const ownExporter = new InMemorySpanExporter();
    const own = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(ownExporter)] });
    configure({ tracer: createOpenTelemetryBridge({ tracerProvider: own }) });
    app.work(1);
    assert.deepEqual(exportedNames(), []);
    assert.deepEqual(
      ownExporter.getFinishedSpans().map((span) => span.name),
      ['work'],
    );
  });
});
