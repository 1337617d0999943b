// When another tracer already traces fetch, the fetch integration leaves the call to it: no second
// span, no second set of headers, and its span still has ours as parent. @opentelemetry/instrumentation-fetch
// (browsers) is not installed here; it wraps `fetch` through @opentelemetry/instrumentation's
// `InstrumentationBase._wrap`, which is what the stand-in below uses, so the marks the detection
// reads are the real ones. dd-trace has its own test (integrations-fetch-dd-trace.test.mjs).
import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { context, trace } from '@opentelemetry/api';
import { InstrumentationBase, isWrapped } from '@opentelemetry/instrumentation';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { configure, tracedFetch } from 'dd-span-runtime';
import { createOpenTelemetryBridge, DdSpanContextManager } from 'dd-span-runtime/opentelemetry';
import { getFinishedSpans, recorder, resetSpans } from 'dd-span-runtime/testing';
import { startEchoServer, traceHeadersOf } from './support/echo-server.mjs';
import { tracedAsync } from './support/hand-compiled.mjs';

let server;
before(async () => {
  server = await startEchoServer();
});
after(() => server.close());

// `globalThis.fetch(url)` as compiled code calls it, inside an instrumented function `checkout`.
const checkout = tracedAsync('checkout', () => tracedFetch({ allowedTracingUrls: [server.url] }, globalThis.fetch, globalThis, [`${server.url}/cart`]));

describe('OpenTelemetry\'s fetch instrumentation', () => {
  // Wraps fetch as instrumentation-fetch does (`this._wrap(globalThis, 'fetch', …)`), and opens a span per call.
  class StandInFetchInstrumentation extends InstrumentationBase {
    constructor() {
      super('stand-in-fetch', '1.0.0', { enabled: false });
    }

    init() {
      return [];
    }

    enable() {
      const instrumentation = this;
      this._wrap(globalThis, 'fetch', (original) =>
        function fetch(...args) {
          return instrumentation.tracer.startActiveSpan('stand-in fetch', (span) => original.apply(this, args).finally(() => span.end()));
        },
      );
    }

    disable() {
      this._unwrap(globalThis, 'fetch');
    }
  }

  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const instrumentation = new StandInFetchInstrumentation();

  before(() => {
    trace.setGlobalTracerProvider(provider);
    context.setGlobalContextManager(new DdSpanContextManager());
    configure({ tracer: createOpenTelemetryBridge() });
  });
  beforeEach(() => exporter.reset());
  afterEach(() => instrumentation.disable());
  after(async () => {
    configure({ tracer: recorder });
    await provider.shutdown();
    trace.disable();
    context.disable();
  });

  const tree = () =>
    exporter
      .getFinishedSpans()
      .map((span) => `${span.name} < ${exporter.getFinishedSpans().find((other) => other.spanContext().spanId === span.parentSpanContext?.spanId)?.name ?? 'root'}`)
      .sort();

  test('while it wraps fetch, the call is its alone, and its span is a child of ours', async () => {
    instrumentation.enable();
    assert.equal(isWrapped(globalThis.fetch), true);
    const response = await checkout();
    assert.equal(await response.text(), 'ok');
    assert.deepEqual(tree(), ['checkout < root', 'stand-in fetch < checkout']);
    assert.deepEqual(traceHeadersOf(server.last().headers), {});
  });

  test('once it unwraps fetch, the integration traces the call again', async () => {
    instrumentation.enable();
    instrumentation.disable();
    assert.equal(isWrapped(globalThis.fetch), false);
    await checkout();
    assert.deepEqual(tree(), ['checkout < root', 'http.request < checkout']);
    const [fetchSpan] = exporter.getFinishedSpans().filter((span) => span.name === 'http.request');
    assert.equal(traceHeadersOf(server.last().headers).traceparent, `00-${fetchSpan.spanContext().traceId}-${fetchSpan.spanContext().spanId}-01`);
  });
});

describe('a tracer of Node\'s fetch through undici\'s diagnostics channels (OpenTelemetry\'s instrumentation-undici)', () => {
  beforeEach(resetSpans);
  const subscriber = () => {};

  test('while it listens, the integration makes no span', async () => {
    diagnostics.subscribe('undici:request:create', subscriber);
    try {
      const response = await checkout();
      assert.equal(await response.text(), 'ok');
    } finally {
      diagnostics.unsubscribe('undici:request:create', subscriber);
    }
    assert.deepEqual(getFinishedSpans().map((span) => span.name), ['checkout']);
    assert.deepEqual(traceHeadersOf(server.last().headers), {});
  });

  test('once it stops, the integration traces the call again', async () => {
    await checkout();
    assert.deepEqual(getFinishedSpans().map((span) => span.name), ['http.request', 'checkout']);
  });
});
