// The exporter has two encoders: Node's writes bytes itself for throughput (otlp-json.ts), the
// browser's builds objects for JSON.stringify, for size (otlp-json-compact.ts). Both must send the
// same request for the same spans: same fields, same order of attributes, same nanoseconds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { millisToHrTime } from '@opentelemetry/core';
import { encodeRequest } from '../../runtime/dist/esm/exporters/otlp-json.js';
import { encodeCompact } from '../../runtime/dist/esm/exporters/otlp-json-compact.js';
import { finishedSpan } from './support/finished-span.mjs';
import { validateExportRequest } from './support/validate-otlp.mjs';

const span = finishedSpan;

const failed = (tags) => span({ error: 1, tags: { 'error.type': 'TypeError', 'error.message': 'boom', ...tags } });

const SPANS = [
  span({ name: 'root', resource: 'GET /cart', type: 'web', tags: { 'span.kind': 'server', env: 'prod', version: '1.2.3' } }),
  span({ name: 'child', parentId: '00f067aa0ba902b7', tags: { 'function-name': 'loadCart' } }),
  span({ name: 'http.request', resource: 'GET', type: 'http', tags: { 'span.kind': 'client', 'http.url': 'https://api.example.com/cart' } }),
  span({ name: 'GET /cart', resource: 'GET /cart', tags: { 'http.method': 'GET' } }),
  span({ name: 'kinds', tags: { 'span.kind': 'PRODUCER' } }),
  span({ name: 'kinds', tags: { 'span.kind': 'consumer' } }),
  span({ name: 'kinds', tags: { 'span.kind': 'sideways' } }),
  span({ name: 'other service', service: 'payments' }),
  span({ name: 'text "quoted" \\ back\nslash \u2028 \u0001 é 日本 🎉 \ud800 lone', tags: { 'ключ': 'значение', '"': '\t' } }),
  failed({ 'error.stack': 'TypeError: boom\n    at charge (checkout.js:1:1)', kept: 'yes' }),
  failed({ 'error.stack': undefined }),
  span({ name: 'error without a type', error: 1, tags: { 'error.message': 'hm' } }),
  span({ name: 'error tags on a span without error', tags: { 'error.message': 'kept as a tag', 'error.other': 'x' } }),
  span({ name: 'payments again', service: 'payments', parentId: '00f067aa0ba902b8' }),
  // Times where rounding to the nanosecond carries into the next millisecond, and small ones.
  span({ name: 't1', start: 1_799_999_999_999.9998, duration: 0.0005 }),
  span({ name: 't2', start: 1_700_000_999_999.9999, duration: 0 }),
  span({ name: 't3', start: 1_234_567.000001, duration: 0.000001 }),
  span({ name: 't4', start: 999.9999999, duration: 1e-7 }),
  span({ name: 't5', start: 0.25, duration: 1 }),
];
// `undefined` tag values are not part of the FinishedSpan contract: the stack above stands for a missing one.
delete SPANS.find((item) => 'error.stack' in item.tags && item.tags['error.stack'] === undefined).tags['error.stack'];

const decode = (bytes) => JSON.parse(new TextDecoder().decode(bytes));

test('both encoders make the same request for the same spans', () => {
  const resource = [
    ['deployment.environment', 'staging'],
    ['service.version', '2.0.0'],
  ];
  const fast = decode(encodeRequest(SPANS, 'shop', resource));
  const compact = decode(encodeCompact(SPANS, 'shop', resource));
  assert.deepEqual(compact, fast);
  assert.deepEqual(
    fast.resourceSpans.map(({ resource: { attributes } }) => attributes[0].value.stringValue),
    ['shop', 'payments'],
  );
  // The realistic spans (epoch times) pass the strict shape check; t3 to t5 are deliberately tiny.
  const realistic = SPANS.filter((item) => item.start > 1e12);
  assert.deepEqual(validateExportRequest(decode(encodeCompact(realistic, 'shop', resource))), []);
});

test("both encoders write the nanoseconds OpenTelemetry's millisToHrTime gives, carries included", () => {
  const times = (bytes) => decode(bytes).resourceSpans.flatMap(({ scopeSpans }) => scopeSpans[0].spans.map((item) => [item.startTimeUnixNano, item.endTimeUnixNano]));
  const nanos = (millis) => {
    const [seconds, rest] = millisToHrTime(millis);
    return String(BigInt(seconds) * 1_000_000_000n + BigInt(rest));
  };
  const timed = SPANS.filter((item) => /^t\d$/.test(item.name));
  const expected = timed.map((item) => [nanos(item.start), nanos(item.start + item.duration)]);
  assert.deepEqual(expected[1], ['1700001000000000000', '1700001000000000000']);
  assert.deepEqual(times(encodeCompact(timed, 's', [])), expected);
  assert.deepEqual(times(encodeRequest(timed, 's', [])), expected);
});

test('no span, no resource: both send an empty request', () => {
  assert.deepEqual(decode(encodeCompact([], 'shop', [])), { resourceSpans: [] });
  assert.deepEqual(decode(encodeRequest([], 'shop', [])), { resourceSpans: [] });
});
