// What the exporter sends: the OTLP JSON shape, checked strictly by the receiver and compared with
// what OpenTelemetry's own serializer (@opentelemetry/otlp-transformer) makes of the same spans.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { millisToHrTime } from '@opentelemetry/core';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { configure, createNativeTracer, instrumentation } from 'dd-span-runtime';
import { createOtlpExporter, createOtlpTracer } from 'dd-span-runtime/otlp';
import { callInstrumented } from './support/instrumented.mjs';
import { startReceiver } from './support/receiver.mjs';

const { site } = instrumentation;
const runtimeVersion = JSON.parse(readFileSync(new URL('../../runtime/package.json', import.meta.url), 'utf8')).version;

let receiver;
before(async () => {
  receiver = await startReceiver();
});
after(() => receiver.close());

const checkoutSite = site('checkout', ['resource.name', 'POST /checkout', 'span.type', 'web', 'order.kind', 'retail']);
const loadSite = site('load-customer', ['function-name', 'loadCustomer']);
const chargeSite = site('charge', ['service.name', 'payments', 'function-name', 'charge']);

class PaymentError extends Error {
  name = 'PaymentError';
}

/** checkout > (load-customer, charge ✗), charge failing and checkout catching it. */
function runCheckout() {
  return callInstrumented(checkoutSite, () => {
    const customer = callInstrumented(loadSite, () => ({ id: 7 }));
    try {
      callInstrumented(chargeSite, () => {
        throw new PaymentError('card declined');
      });
    } catch (error) {
      return `${customer.id}: ${error.message}`;
    }
  });
}

// Datadog's OTLP intake names a span's resource after its http.*, messaging.*, rpc.*, graphql.* and
// db.* attributes, else after its name: the exporter leaves `resource.name` out where that gives it.
const resourceDerived = (span) => span.resource === span.name && !Object.keys(span.tags).some((key) => /^(http|messaging|rpc|graphql|db)\./.test(key));

// The same spans as OpenTelemetry's SDK would hand its exporter: one Resource per service.
function toReadableSpans(finished, { service, env, version }) {
  const resources = new Map();
  const resourceOf = (name) => {
    if (!resources.has(name)) {
      const attributes = { 'service.name': name };
      if (env !== undefined) attributes['deployment.environment'] = env;
      if (version !== undefined) attributes['service.version'] = version;
      resources.set(name, resourceFromAttributes(attributes));
    }
    return resources.get(name);
  };
  return finished.map((span) => {
    const endTime = millisToHrTime(span.start + span.duration);
    const attributes = resourceDerived(span) ? {} : { 'resource.name': span.resource };
    if (span.type !== undefined) attributes['span.type'] = span.type;
    const events = [];
    let status = { code: SpanStatusCode.UNSET };
    for (const [key, value] of Object.entries(span.tags)) {
      if (!key.startsWith('error.')) attributes[key] = value;
    }
    if (span.error === 1) {
      status = { code: SpanStatusCode.ERROR, message: span.tags['error.message'] };
      const exception = { 'exception.type': span.tags['error.type'], 'exception.message': span.tags['error.message'] };
      if (span.tags['error.stack'] !== undefined) exception['exception.stacktrace'] = span.tags['error.stack'];
      events.push({ name: 'exception', time: endTime, attributes: exception, droppedAttributesCount: 0 });
    }
    const spanContext = { traceId: span.traceId, spanId: span.spanId, traceFlags: 1 };
    return {
      name: span.name,
      kind: SpanKind.INTERNAL,
      spanContext: () => spanContext,
      parentSpanContext: span.parentId === null ? undefined : { traceId: span.traceId, spanId: span.parentId, traceFlags: 1 },
      startTime: millisToHrTime(span.start),
      endTime,
      status,
      attributes,
      links: [],
      events,
      duration: millisToHrTime(span.duration),
      ended: true,
      resource: resourceOf(span.service ?? service),
      instrumentationScope: { name: 'dd-span', version: runtimeVersion },
      droppedAttributesCount: 0,
      droppedEventsCount: 0,
      droppedLinksCount: 0,
    };
  });
}

// The JSON mapping of proto3 lets a field at its default value be left out, and attribute order
// carries no meaning: both sides are brought to that canonical form before comparing. `flags`
// (W3C trace flags plus "is remote" bits) is optional and not sent by the exporter.
function canonical(value) {
  if (Array.isArray(value)) {
    const items = value.map(canonical).filter((item) => item !== undefined);
    if (items.length === 0) return undefined;
    return items.every((item) => typeof item?.key === 'string') ? items.sort((a, b) => a.key.localeCompare(b.key)) : items;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([key]) => key !== 'flags')
      .map(([key, item]) => [key, canonical(item)])
      .filter(([, item]) => item !== undefined);
    return entries.length === 0 ? undefined : Object.fromEntries(entries);
  }
  return value === 0 || value === '' || value === false || value === null ? undefined : value;
}

test('the request matches what @opentelemetry/otlp-transformer serializes for the same spans', async () => {
  const finished = [];
  const resourceOptions = { service: 'shop', env: 'staging', version: '1.4.2' };
  const exporter = createOtlpExporter({ endpoint: receiver.url, serviceName: 'shop', env: 'staging', version: '1.4.2' });
  const recording = createNativeTracer((span) => {
    finished.push(span);
    exporter.sink(span);
  });
  configure({ tracer: recording });
  const before = receiver.requests.length;
  try {
    assert.equal(runCheckout(), '7: card declined');
  } finally {
    configure({ tracer: null });
  }
  await exporter.shutdown();

  const [request] = receiver.requests.slice(before);
  assert.deepEqual(request.problems, []);
  const expected = JSON.parse(new TextDecoder().decode(JsonTraceSerializer.serializeRequest(toReadableSpans(finished, resourceOptions))));
  assert.deepEqual(canonical(request.body), canonical(expected));
  assert.deepEqual(exporter.stats(), { exported: 3, dropped: 0, failed: 0, retried: 0, queued: 0 });
});

/** Runs the instrumented checkout once through a fresh OTLP tracer and returns the requests it sent. */
async function checkoutRequests(options) {
  const tracer = createOtlpTracer({ endpoint: receiver.url, ...options });
  configure({ tracer });
  const before = receiver.requests.length;
  try {
    runCheckout();
  } finally {
    configure({ tracer: null });
  }
  await tracer.shutdown();
  return receiver.requests.slice(before);
}

test('spans of real instrumented calls arrive with their parent links, names, tags and error', async () => {
  const requests = await checkoutRequests({ serviceName: 'shop' });
  assert.equal(requests.length, 1);
  const [request] = requests;
  assert.deepEqual(request.problems, []);
  assert.equal(request.method, 'POST');
  assert.equal(request.path, '/v1/traces');
  assert.equal(request.headers['content-type'], 'application/json');

  const byName = Object.fromEntries(receiver.spans().slice(-3).map((span) => [span.name, span]));
  const { checkout, 'load-customer': load, charge } = byName;
  assert.equal(checkout.parentSpanId, undefined);
  assert.equal(load.parentSpanId, checkout.spanId);
  assert.equal(charge.parentSpanId, checkout.spanId);
  assert.equal(new Set([checkout.traceId, load.traceId, charge.traceId]).size, 1);
  for (const span of [checkout, load, charge]) assert.equal(span.kind, 1);

  const attributes = (span) => Object.fromEntries(span.attributes.map(({ key, value }) => [key, value.stringValue]));
  assert.deepEqual(attributes(checkout), { 'resource.name': 'POST /checkout', 'span.type': 'web', 'order.kind': 'retail' });
  assert.equal(checkout.service, 'shop');
  assert.equal(charge.service, 'payments');
  assert.equal(checkout.status, undefined);

  assert.deepEqual(charge.status, { code: 2, message: 'card declined' });
  // Named after the span by the intake: no `resource.name` attribute.
  assert.deepEqual(attributes(charge), { 'function-name': 'charge' });
  const [exception] = charge.events;
  assert.equal(exception.name, 'exception');
  assert.equal(exception.timeUnixNano, charge.endTimeUnixNano);
  const { 'exception.stacktrace': stack, ...rest } = attributes(exception);
  assert.deepEqual(rest, { 'exception.type': 'PaymentError', 'exception.message': 'card declined' });
  assert.match(stack, /PaymentError: card declined\n\s+at /);
});

test('each service is a resource of its own, carrying env and version', async () => {
  const [request] = await checkoutRequests({ serviceName: 'shop', env: 'prod', version: '2.0.0' });
  const resources = request.body.resourceSpans.map(({ resource, scopeSpans }) => ({
    attributes: Object.fromEntries(resource.attributes.map(({ key, value }) => [key, value.stringValue])),
    spans: scopeSpans.flatMap(({ spans }) => spans.map((span) => span.name)).sort(),
  }));
  assert.deepEqual(resources, [
    { attributes: { 'service.name': 'shop', 'deployment.environment': 'prod', 'service.version': '2.0.0' }, spans: ['checkout', 'load-customer'] },
    { attributes: { 'service.name': 'payments', 'deployment.environment': 'prod', 'service.version': '2.0.0' }, spans: ['charge'] },
  ]);
});

test('the instrumentation scope is dd-span at the runtime package version', async () => {
  const tracer = createOtlpTracer({ endpoint: receiver.url });
  configure({ tracer });
  const before = receiver.requests.length;
  try {
    callInstrumented(loadSite, () => 1);
  } finally {
    configure({ tracer: null });
  }
  await tracer.shutdown();
  const [request] = receiver.requests.slice(before);
  assert.deepEqual(request.body.resourceSpans[0].scopeSpans[0].scope, { name: 'dd-span', version: runtimeVersion });
});

test('timestamps are integer nanoseconds that agree with the span start and duration', async () => {
  const finished = [];
  const exporter = createOtlpExporter({ endpoint: receiver.url });
  configure({
    tracer: createNativeTracer((span) => {
      finished.push(span);
      exporter.sink(span);
    }),
  });
  const before = receiver.requests.length;
  try {
    callInstrumented(loadSite, () => {
      const until = performance.now() + 2;
      while (performance.now() < until);
    });
  } finally {
    configure({ tracer: null });
  }
  await exporter.shutdown();
  const [sent] = receiver.requests.slice(before)[0].body.resourceSpans[0].scopeSpans[0].spans;
  const [span] = finished;
  const start = BigInt(sent.startTimeUnixNano);
  const end = BigInt(sent.endTimeUnixNano);
  // Within two microseconds of the millisecond values: BigInt division truncates up to one, and an
  // epoch time in float milliseconds carries ~0.25 µs of rounding of its own (this was flaky at one).
  assert.ok(Math.abs(Number(start / 1000n) - span.start * 1000) <= 2, `${start} vs ${span.start} ms`);
  assert.ok(Math.abs(Number((end - start) / 1000n) - span.duration * 1000) <= 2, `${end - start} ns vs ${span.duration} ms`);
  assert.ok(end - start >= 2_000_000n);
});

test('timestamps are the nanoseconds millisToHrTime gives, also where rounding carries into the next millisecond', async () => {
  const exporter = createOtlpExporter({ endpoint: receiver.url });
  const starts = [1_700_000_000_123.456, 1_799_999_999_999.9998, 1_700_000_999_999.9999, 1_234_567.000001, 86_400_000.9999999, 999.9999999];
  const before = receiver.requests.length;
  starts.forEach((start, index) => {
    const spanId = (index + 1).toString(16).padStart(16, '0');
    exporter.sink({ name: `t${index}`, resource: 'r', service: undefined, type: undefined, tags: {}, error: 0, traceId: spanId.repeat(2), spanId, parentId: null, start, duration: 0.0005 });
  });
  await exporter.shutdown();
  const nanos = ([seconds, rest]) => String(BigInt(seconds) * 1_000_000_000n + BigInt(rest));
  const sent = receiver.requests.slice(before)[0].body.resourceSpans[0].scopeSpans[0].spans;
  assert.deepEqual(
    sent.map((span) => [span.startTimeUnixNano, span.endTimeUnixNano]),
    starts.map((start) => [nanos(millisToHrTime(start)), nanos(millisToHrTime(start + 0.0005))]),
  );
});
