// The Agent stand-in and its msgpack decoder are what the dd-trace tests trust, so they are tested
// too: each check must be able to fail. The decoder is checked against bytes written by hand from
// the MessagePack spec; dd-trace's own encoder exercises it in the other tests.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { checkPayload, startFakeAgent } from './support/fake-agent.mjs';
import { decodeMsgpack, MsgpackError } from './support/msgpack.mjs';

const bytes = (...values) => Uint8Array.from(values);

test('msgpack: every type family decodes, 64-bit integers to BigInt', () => {
  assert.equal(decodeMsgpack(bytes(0x05)), 5);
  assert.equal(decodeMsgpack(bytes(0xff)), -1);
  assert.equal(decodeMsgpack(bytes(0xc0)), null);
  assert.equal(decodeMsgpack(bytes(0xc3)), true);
  assert.equal(decodeMsgpack(bytes(0xcd, 0x01, 0x00)), 256);
  assert.equal(decodeMsgpack(bytes(0xce, 0xff, 0xff, 0xff, 0xff)), 0xffffffff);
  assert.equal(decodeMsgpack(bytes(0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)), 2n ** 64n - 1n);
  assert.equal(decodeMsgpack(bytes(0xd3, 0x80, 0, 0, 0, 0, 0, 0, 0)), -(2n ** 63n));
  assert.equal(decodeMsgpack(bytes(0xd1, 0xff, 0x00)), -256);
  assert.equal(decodeMsgpack(bytes(0xcb, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0)), 1.5);
  assert.equal(decodeMsgpack(bytes(0xca, 0x40, 0x20, 0, 0)), 2.5);
  assert.equal(decodeMsgpack(bytes(0xa3, 0x61, 0xc3, 0xa9)), 'aé');
  assert.equal(decodeMsgpack(bytes(0xd9, 0x01, 0x7a)), 'z');
  assert.deepEqual(decodeMsgpack(bytes(0xc4, 0x02, 0x01, 0x02)), bytes(1, 2));
  assert.deepEqual(decodeMsgpack(bytes(0x92, 0x01, 0x91, 0xa0)), [1, ['']]);
  assert.deepEqual(decodeMsgpack(bytes(0xdc, 0x00, 0x01, 0xc2)), [false]);
  assert.deepEqual({ ...decodeMsgpack(bytes(0x82, 0xa1, 0x6b, 0x01, 0xa1, 0x6c, 0x90)) }, { k: 1, l: [] });
  assert.deepEqual({ ...decodeMsgpack(bytes(0xde, 0x00, 0x01, 0xa1, 0x6b, 0xc0)) }, { k: null });
});

test('msgpack: truncation, trailing bytes, non-string map keys and ext types are errors', () => {
  for (const input of [
    bytes(0xcf, 0x00),
    bytes(0x92, 0x01),
    bytes(0xa2, 0x61),
    bytes(0x01, 0x02),
    bytes(0x81, 0x01, 0x02),
    bytes(0xd4, 0x01, 0x00),
    bytes(0xa1, 0xff),
  ]) {
    assert.throws(() => decodeMsgpack(input), MsgpackError, `bytes ${Buffer.from(input).toString('hex')}`);
  }
});

const HEADERS = {
  'datadog-meta-lang': 'nodejs',
  'datadog-meta-lang-version': 'v20.0.0',
  'datadog-meta-tracer-version': '5.0.0',
};

function span(fields = {}) {
  return {
    trace_id: 7,
    span_id: 1,
    parent_id: 0,
    name: 'web.request',
    resource: 'GET /',
    service: 'svc',
    type: 'web',
    start: 1_700_000_000_000_000_000,
    duration: 1000,
    error: 0,
    meta: { env: 'test' },
    metrics: { '_dd.top_level': 1 },
    ...fields,
  };
}

const child = (fields = {}) => span({ span_id: 2, parent_id: 1, name: 'child', ...fields });
const check = (payload, headers = {}) => checkPayload({ ...HEADERS, 'x-datadog-trace-count': String(payload.length), ...headers }, payload).problems;

test('the stand-in accepts a well-formed payload, with a root whose parent lives in another process', () => {
  assert.deepEqual(check([[span(), child()], [span({ trace_id: 8, parent_id: 99 })]]), []);
  const { traces } = checkPayload({ ...HEADERS, 'x-datadog-trace-count': '1' }, [[span(), child()]]);
  assert.equal(traces[0][1].parent_id, 1n);
});

test('the stand-in rejects a trace count header that does not match the body, and missing meta headers', () => {
  assert.match(check([[span()]], { 'x-datadog-trace-count': '2' }).join(), /x-datadog-trace-count is "2", the body has 1 traces/);
  assert.match(check([[span()]], { 'x-datadog-trace-count': undefined }).join(), /x-datadog-trace-count is undefined/);
  assert.match(check([[span()]], { 'datadog-meta-tracer-version': '' }).join(), /header datadog-meta-tracer-version is missing/);
});

test('the stand-in rejects every span field of the wrong type', () => {
  const cases = [
    [{ trace_id: '7' }, /trace_id must be an unsigned 64-bit integer/],
    [{ span_id: -1 }, /span_id must be an unsigned 64-bit integer/],
    [{ parent_id: 2n ** 64n }, /parent_id must be an unsigned 64-bit integer/],
    [{ name: 1 }, /name must be a string/],
    [{ resource: null }, /resource must be a string/],
    [{ service: ['svc'] }, /service must be a string/],
    [{ type: 3 }, /type must be a string/],
    [{ start: 1.5 }, /start must be a signed 64-bit integer/],
    [{ duration: 2n ** 63n }, /duration must be a signed 64-bit integer/],
    [{ duration: -1 }, /duration is negative/],
    [{ error: 2 }, /error must be 0 or 1/],
    [{ error: true }, /error must be 0 or 1/],
    [{ meta: { env: 1 } }, /meta must be a map of string to string \(key "env" holds 1\)/],
    [{ meta: [] }, /meta must be a map/],
    [{ metrics: { rate: '1' } }, /metrics must be a map of string to number/],
    [{ meta: { '_dd.p.tid': 'xyz' } }, /_dd\.p\.tid must be 16 hex digits/],
    [{ trace_id: 0 }, /trace_id is 0/],
    [{ span_id: 0 }, /span_id is 0/],
    [{ extra: 1 }, /extra is not a span field/],
  ];
  for (const [fields, problem] of cases) {
    assert.match(check([[span(fields)]]).join('\n'), problem, JSON.stringify(fields, (_key, value) => (typeof value === 'bigint' ? `${value}n` : value)));
  }
});

test('the stand-in rejects a span without one of the fields dd-trace always sends', () => {
  const { meta: _meta, ...withoutMeta } = span();
  assert.match(check([[withoutMeta]]).join(), /span\[0\]\.meta is missing/);
});

test('the stand-in rejects broken parent links, duplicate span ids, mixed trace ids and empty traces', () => {
  assert.match(check([[span(), child({ parent_id: 5 })]]).join(), /must have one root, has 2: web\.request \(parent_id 0\), child \(parent_id 5\)/);
  assert.match(check([[span({ parent_id: 2 }), child()]]).join(), /must have one root, has 0/);
  assert.match(check([[span(), child({ span_id: 1 })]]).join(), /has span_id 1 twice/);
  assert.match(check([[span(), child({ trace_id: 9 })]]).join(), /mixes trace ids/);
  assert.match(check([[]]).join(), /trace\[0\] is \[\], not a non-empty array of spans/);
  assert.match(check({ not: 'an array' }).join(), /not an array of traces/);
});

let agent;
before(async () => {
  agent = await startFakeAgent();
});
after(() => agent.close());

const put = (body, headers = {}) =>
  fetch(`${agent.url}/v0.4/traces`, { method: 'PUT', body, headers: { ...HEADERS, 'content-type': 'application/json', ...headers } });

test('the stand-in answers a good JSON payload with rate_by_service and hands the trace to waiting tests', async () => {
  const waiting = agent.waitForTrace((trace) => trace.some((s) => s.name === 'json.span'));
  const response = await put(JSON.stringify([[span({ name: 'json.span' })]]), { 'x-datadog-trace-count': '1' });
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { rate_by_service: {} });
  assert.equal((await waiting)[0].trace_id, 7n);
});

test('the stand-in answers 400 to a bad payload, 413 above 50 MB, 403 cross-site and 404 elsewhere, and keeps the problems', async () => {
  const before = agent.problems.length;
  assert.equal((await put(JSON.stringify([[span()]]), { 'x-datadog-trace-count': '3' })).status, 400);
  assert.equal((await put('{', { 'x-datadog-trace-count': '1' })).status, 400);
  assert.equal((await put('[]', { 'content-type': 'text/plain', 'x-datadog-trace-count': '0' })).status, 400);
  assert.equal((await put(Buffer.alloc(50 * 1024 * 1024 + 1, 0x20), { 'x-datadog-trace-count': '0' })).status, 413);
  assert.equal((await put('[]', { 'sec-fetch-site': 'cross-site', 'x-datadog-trace-count': '0' })).status, 403);
  assert.equal((await fetch(`${agent.url}/v0.5/traces`, { method: 'PUT', body: '[]' })).status, 404);
  const problems = agent.problems.slice(before).join('\n');
  assert.match(problems, /x-datadog-trace-count is "3"/);
  assert.match(problems, /the body does not decode/);
  assert.match(problems, /unsupported content type "text\/plain"/);
  assert.match(problems, /exceeds 52428800/);
  agent.problems.length = before;
});

test('waiting for a trace that never comes fails with what did arrive', async () => {
  await assert.rejects(agent.waitForTrace(() => false, { timeoutMs: 20 }), /no matching trace within 20 ms; received \[json\.span\]/);
});
