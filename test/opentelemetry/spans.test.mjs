// What a directive span becomes in OpenTelemetry: its name, attributes, kind, scope, error status and
// exception event, as the real SDK records them.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { context, createContextKey, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  AlwaysOffSampler,
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { configure } from 'dd-span-runtime';
import { createOpenTelemetryBridge, DdSpanContextManager } from 'dd-span-runtime/opentelemetry';
import { runInstrumented, runOriginal } from '../../babel-plugin-dd-span/test/support/exec.mjs';
import { idOf, onlySpan, parentIdOf } from './support/spans.mjs';

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
trace.setGlobalTracerProvider(provider);
context.setGlobalContextManager(new DdSpanContextManager());
before(() => configure({ tracer: createOpenTelemetryBridge() }));
beforeEach(() => exporter.reset());
after(() => provider.shutdown());

const source = `
const { context, trace } = require('@opentelemetry/api');

//dd:span span.name:checkout resource.name:"POST /cart" service.name:shop span.type:web team:payments
function checkout(total) {
  return total * 2;
}

//dd:span span.kind:client peer.service:billing
function callBilling() {
  return 'called';
}

//dd:span
function plain() {
  return trace.getActiveSpan();
}

//dd:span span.kind:constructor
function oddKind() {}

//dd:span span.kind:client http.request.method:GET
function fetchesByName() {}

//dd:span
function activeContext() {
  return context.active();
}

//dd:span
function nestsContext() {
  return activeContext();
}

//dd:span
function annotates(extra) {
  if (extra !== undefined) trace.getActiveSpan().setAttribute('extra', extra);
}

//dd:span
function startsOtelSpan() {
  trace.getTracer('app').startActiveSpan('otel', (span) => span.end());
}

//dd:span
function throws(error) {
  throw error;
}

//dd:span
async function rejects(error) {
  await null;
  throw error;
}

module.exports = { checkout, callBilling, oddKind, fetchesByName, plain, activeContext, nestsContext, annotates, startsOtelSpan, throws, rejects };
`;
const app = runInstrumented(source, { filename: 'spans-app.js' });
const original = runOriginal(source, { filename: 'spans-app.js' });

test('the span has the directive name, its tags as attributes, and resource, service and type as attributes', () => {
  assert.equal(app.checkout(21), original.checkout(21));
  const span = onlySpan(exporter, 'checkout');
  assert.deepEqual(span.attributes, {
    'function-name': 'checkout',
    team: 'payments',
    'operation.name': 'checkout',
    'resource.name': 'POST /cart',
    'service.name': 'shop',
    'span.type': 'web',
  });
  assert.equal(span.kind, SpanKind.INTERNAL);
  assert.equal(span.status.code, SpanStatusCode.UNSET);
  assert.deepEqual(span.events, []);
  assert.equal(span.instrumentationScope.name, 'dd-span');
});

test('a span.kind value that names an Object.prototype member is not taken for a kind', () => {
  app.oddKind();
  const span = onlySpan(exporter, 'oddKind');
  assert.equal(span.kind, SpanKind.INTERNAL);
  assert.equal(span.attributes['span.kind'], 'constructor');
});

test("attributes one call adds to its span stay off the next call's span", () => {
  app.annotates('first call');
  app.annotates(undefined);
  const [first, second] = exporter.getFinishedSpans();
  assert.equal(first.attributes.extra, 'first call');
  assert.equal('extra' in second.attributes, false);
  assert.equal(second.attributes['function-name'], 'annotates');
});

// Datadog's OTLP intake takes a span without `resource.name` to be its own resource, except for the
// attributes it derives one from (an HTTP method, a messaging operation, an RPC method...).
test('without a resource.name, the attribute is left to the intake, which defaults the resource to the operation name', () => {
  app.plain();
  const span = onlySpan(exporter, 'plain');
  assert.equal('resource.name' in span.attributes, false);
  assert.equal(span.attributes['operation.name'], 'plain');
});

test('without a resource.name, a span with an attribute the intake derives a resource from still names its own', () => {
  app.fetchesByName();
  assert.equal(onlySpan(exporter, 'fetchesByName').attributes['resource.name'], 'fetchesByName');
});

test('a span.kind tag sets the OpenTelemetry span kind and stays an attribute', () => {
  app.callBilling();
  const span = onlySpan(exporter, 'callBilling');
  assert.equal(span.kind, SpanKind.CLIENT);
  assert.equal(span.attributes['span.kind'], 'client');
  assert.equal(span.attributes['peer.service'], 'billing');
});

test('the span is the active OpenTelemetry span while the function runs', () => {
  const active = app.plain();
  assert.equal(active.spanContext().spanId, onlySpan(exporter, 'plain').spanContext().spanId);
});

const CALLER_KEY = createContextKey('caller value');
const OTHER_KEY = createContextKey('other value');
const callerContext = ROOT_CONTEXT.setValue(CALLER_KEY, 'from the caller');

test("the active context inside a directive span holds it and the caller's values, and extends like any context", () => {
  const inside = context.with(callerContext, () => app.activeContext());
  const span = trace.getSpan(inside);
  assert.equal(idOf(span), idOf(onlySpan(exporter, 'activeContext')));
  assert.equal(inside.getValue(CALLER_KEY), 'from the caller');

  const extended = inside.setValue(OTHER_KEY, 1);
  assert.equal(extended.getValue(OTHER_KEY), 1);
  assert.equal(extended.getValue(CALLER_KEY), 'from the caller');
  assert.equal(trace.getSpan(extended), span);
  assert.equal(inside.getValue(OTHER_KEY), undefined, 'setValue leaves the original as it was');

  const withoutCaller = inside.deleteValue(CALLER_KEY);
  assert.equal(withoutCaller.getValue(CALLER_KEY), undefined);
  assert.equal(trace.getSpan(withoutCaller), span);

  const withoutSpan = trace.deleteSpan(inside);
  assert.equal(trace.getSpan(withoutSpan), undefined);
  assert.equal(withoutSpan.getValue(CALLER_KEY), 'from the caller');

  const replaced = trace.setSpan(inside, trace.wrapSpanContext(span.spanContext()));
  assert.notEqual(trace.getSpan(replaced), span);
  assert.equal(trace.getSpan(inside), span);
});

test("nested directive spans: the inner one is active inside, a child of the outer one, with the caller's values", () => {
  const inside = context.with(callerContext, () => app.nestsContext());
  const inner = onlySpan(exporter, 'activeContext');
  assert.equal(idOf(trace.getSpan(inside)), idOf(inner));
  assert.equal(parentIdOf(inner), idOf(onlySpan(exporter, 'nestsContext')));
  assert.equal(inside.getValue(CALLER_KEY), 'from the caller');
});

function assertFailure(span, { type, message, stack }) {
  assert.deepEqual(span.status, { code: SpanStatusCode.ERROR, message });
  assert.equal(span.events.length, 1);
  const [event] = span.events;
  assert.equal(event.name, 'exception');
  assert.equal(event.attributes['exception.type'], type);
  assert.equal(event.attributes['exception.message'], message);
  assert.equal(event.attributes['exception.stacktrace'], stack);
}

test('a thrown error sets the error status and records one exception event; the same error reaches the caller', () => {
  const error = new RangeError('out of range');
  assert.throws(() => app.throws(error), (thrown) => thrown === error);
  assertFailure(onlySpan(exporter, 'throws'), { type: 'RangeError', message: 'out of range', stack: error.stack });
});

test('a rejection is recorded the same way', async () => {
  const error = new TypeError('bad input');
  await assert.rejects(app.rejects(error), (thrown) => thrown === error);
  assertFailure(onlySpan(exporter, 'rejects'), { type: 'TypeError', message: 'bad input', stack: error.stack });
});

test('the error object itself goes to recordException, so the SDK reads its code as it would by hand', () => {
  const error = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
  assert.throws(() => app.throws(error));
  assertFailure(onlySpan(exporter, 'throws'), { type: 'ECONNREFUSED', message: 'connect ECONNREFUSED', stack: error.stack });
});

test('a thrown value that is not an Error is recorded by its type and string form', () => {
  assert.throws(() => app.throws('plain string'), (thrown) => thrown === 'plain string');
  assertFailure(onlySpan(exporter, 'throws'), { type: 'string', message: 'plain string', stack: undefined });
});

test('an error whose getters throw is still recorded, from what could be read', () => {
  const hostile = new Error('unused');
  // `stack` first: replacing it makes V8 format the pending stack trace, which reads `message`.
  for (const key of ['stack', 'message']) {
    Object.defineProperty(hostile, key, {
      get() {
        throw new Error(`${key} getter`);
      },
    });
  }
  assert.throws(() => app.throws(hostile), (thrown) => thrown === hostile);
  const span = onlySpan(exporter, 'throws');
  assert.deepEqual(span.status, { code: SpanStatusCode.ERROR, message: '' });
  assert.equal(span.events[0].attributes['exception.type'], 'Error');
});

test('a revoked proxy thrown as an error is recorded without reading it', () => {
  const { proxy, revoke } = Proxy.revocable(new Error('x'), {});
  revoke();
  assert.throws(() => app.throws(proxy), (thrown) => thrown === proxy);
  assert.equal(onlySpan(exporter, 'throws').status.code, SpanStatusCode.ERROR);
});

test('tracerName sets the instrumentation scope', () => {
  configure({ tracer: createOpenTelemetryBridge({ tracerName: 'checkout-service' }) });
  try {
    app.plain();
  } finally {
    configure({ tracer: createOpenTelemetryBridge() });
  }
  assert.equal(onlySpan(exporter, 'plain').instrumentationScope.name, 'checkout-service');
});

test('when the sampler drops a directive span, OpenTelemetry spans inside it follow that decision', () => {
  const unsampled = new BasicTracerProvider({ sampler: new AlwaysOffSampler() });
  configure({ tracer: createOpenTelemetryBridge({ tracerProvider: unsampled }) });
  try {
    app.startsOtelSpan();
  } finally {
    configure({ tracer: createOpenTelemetryBridge() });
  }
  // The unrecorded directive span is still the parent: the global provider's default ParentBased
  // sampler drops the child too, rather than starting a new, sampled trace.
  assert.deepEqual(exporter.getFinishedSpans(), []);
});
