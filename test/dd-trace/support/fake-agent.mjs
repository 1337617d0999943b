// A local stand-in for the Datadog Agent's trace intake. Datadog's own test agent is not available
// from our registries (PyPI only), so this one makes the same checks: the trace count header, the
// tracer's meta headers, the type of every span field, parent links within each trace, and a body
// of at most 50 MB. A payload that fails them is answered 400 and its problems are kept, so a test
// can both wait for the traces it expects and assert that nothing malformed arrived.
import { EventEmitter } from 'node:events';
import http from 'node:http';
import { decodeMsgpack } from './msgpack.mjs';

const MAX_BODY_BYTES = 50 * 1024 * 1024;
const UINT64_MAX = (1n << 64n) - 1n;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

// Integers arrive as numbers (narrow msgpack ints, JSON) or as BigInt (64-bit msgpack ints). JSON
// numbers above 2^53 lose precision, but the same digits always round the same way, so ids still
// compare equal where they should.
const isInteger = (value) => typeof value === 'bigint' || Number.isInteger(value);
const inRange = (value, min, max) => isInteger(value) && BigInt(value) >= min && BigInt(value) <= max;
const isRecord = (value) => typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);

const mapOf = (valueType, accepts) => (value) => {
  if (!isRecord(value)) return 'a map';
  for (const [key, item] of Object.entries(value)) {
    if (!accepts(item)) return `a map of string to ${valueType} (key ${JSON.stringify(key)} holds ${describe(item)})`;
  }
  return null;
};

const check = {
  uint64: (value) => (inRange(value, 0n, UINT64_MAX) ? null : 'an unsigned 64-bit integer'),
  int64: (value) => (inRange(value, INT64_MIN, INT64_MAX) ? null : 'a signed 64-bit integer'),
  string: (value) => (typeof value === 'string' ? null : 'a string'),
  flag: (value) => (value === 0 || value === 1 ? null : '0 or 1'),
  meta: mapOf('string', (item) => typeof item === 'string'),
  metrics: mapOf('number', (item) => typeof item === 'number' && !Number.isNaN(item)),
  metaStruct: mapOf('bytes', (item) => item instanceof Uint8Array),
  array: (value) => (Array.isArray(value) ? null : 'an array'),
};

const REQUIRED_FIELDS = {
  trace_id: check.uint64,
  span_id: check.uint64,
  parent_id: check.uint64,
  name: check.string,
  resource: check.string,
  service: check.string,
  start: check.int64,
  duration: check.int64,
  error: check.flag,
  meta: check.meta,
  metrics: check.metrics,
};
const OPTIONAL_FIELDS = { type: check.string, meta_struct: check.metaStruct, span_events: check.array, span_links: check.array };

function describe(value) {
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof Uint8Array) return `bytes[${value.length}]`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return typeof value;
  }
}

function checkSpan(span, where) {
  if (!isRecord(span)) return [`${where} is ${describe(span)}, not a span map`];
  const problems = [];
  for (const [field, verify] of Object.entries(REQUIRED_FIELDS)) {
    if (!(field in span)) problems.push(`${where}.${field} is missing`);
    else {
      const expected = verify(span[field]);
      if (expected !== null) problems.push(`${where}.${field} must be ${expected}, got ${describe(span[field])}`);
    }
  }
  for (const [field, value] of Object.entries(span)) {
    if (field in REQUIRED_FIELDS) continue;
    const verify = OPTIONAL_FIELDS[field];
    if (verify === undefined) problems.push(`${where}.${field} is not a span field`);
    else {
      const expected = verify(value);
      if (expected !== null) problems.push(`${where}.${field} must be ${expected}, got ${describe(value)}`);
    }
  }
  if (problems.length === 0) {
    if (BigInt(span.trace_id) === 0n) problems.push(`${where}.trace_id is 0`);
    if (BigInt(span.span_id) === 0n) problems.push(`${where}.span_id is 0`);
    if (BigInt(span.duration) < 0n) problems.push(`${where}.duration is negative`);
    const tid = span.meta['_dd.p.tid'];
    if (tid !== undefined && !/^[0-9a-f]{16}$/.test(tid)) problems.push(`${where}.meta._dd.p.tid must be 16 hex digits, got ${describe(tid)}`);
  }
  return problems;
}

// Within one trace (a chunk, as one process flushes it): one trace id, unique span ids, and one
// root: a span whose parent is 0 or lives elsewhere (the caller's process, in distributed tracing).
// Every other span's parent must be in the chunk.
function checkLinks(spans, where) {
  const problems = [];
  const ids = new Set();
  for (const span of spans) {
    if (ids.has(span.span_id)) problems.push(`${where} has span_id ${span.span_id} twice`);
    ids.add(span.span_id);
  }
  if (new Set(spans.map((span) => span.trace_id)).size > 1) problems.push(`${where} mixes trace ids`);
  const roots = spans.filter((span) => span.parent_id === 0n || !ids.has(span.parent_id));
  if (roots.length !== 1) {
    problems.push(`${where} must have one root, has ${roots.length}: ${roots.map((span) => `${span.name} (parent_id ${span.parent_id})`).join(', ')}`);
  }
  return problems;
}

const asBigInt = (span) => ({ ...span, trace_id: BigInt(span.trace_id), span_id: BigInt(span.span_id), parent_id: BigInt(span.parent_id) });

/**
 * Checks one decoded intake payload against its headers. Returns `{ problems, traces }`, where the
 * traces have their ids as BigInt (only when there are no problems).
 */
export function checkPayload(headers, payload) {
  const problems = [];
  for (const header of ['datadog-meta-lang', 'datadog-meta-lang-version', 'datadog-meta-tracer-version']) {
    if (!headers[header]) problems.push(`header ${header} is missing`);
  }
  if (!Array.isArray(payload)) return { problems: [...problems, `the body is ${describe(payload)}, not an array of traces`], traces: [] };
  const count = headers['x-datadog-trace-count'];
  if (count === undefined || !/^\d+$/.test(count) || Number(count) !== payload.length) {
    problems.push(`header x-datadog-trace-count is ${describe(count)}, the body has ${payload.length} traces`);
  }
  const traces = [];
  payload.forEach((trace, t) => {
    const where = `trace[${t}]`;
    if (!Array.isArray(trace) || trace.length === 0) {
      problems.push(`${where} is ${describe(trace)}, not a non-empty array of spans`);
      return;
    }
    const spanProblems = trace.flatMap((span, s) => checkSpan(span, `${where}.span[${s}]`));
    problems.push(...spanProblems);
    if (spanProblems.length > 0) return;
    const spans = trace.map(asBigInt);
    problems.push(...checkLinks(spans, where));
    traces.push(spans);
  });
  return { problems, traces: problems.length === 0 ? traces : [] };
}

function decodeBody(contentType, body) {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/msgpack') return decodeMsgpack(body);
  if (type === 'application/json') return JSON.parse(body.toString('utf8'));
  throw new Error(`unsupported content type ${describe(contentType)}`);
}

function reply(response, status, body) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/**
 * Starts the stand-in on 127.0.0.1 (a free port). `url` is what DD_TRACE_AGENT_URL takes.
 * `traces` holds every accepted trace, `problems` every check that failed, `requests` every request
 * line, `tracerVersions` the dd-trace version (`datadog-meta-tracer-version`) of every accepted payload.
 */
export async function startFakeAgent() {
  const events = new EventEmitter();
  const traces = [];
  const problems = [];
  const requests = [];
  const tracerVersions = new Set();

  const server = http.createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    if (request.headers['sec-fetch-site'] === 'cross-site') return reply(response, 403, { error: 'cross-site requests are refused' });
    if (request.method !== 'PUT' || request.url !== '/v0.4/traces') return reply(response, 404, { error: 'not found' });
    const chunks = [];
    let size = 0;
    request.on('data', (chunk) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => {
      if (size > MAX_BODY_BYTES) {
        problems.push(`a body of ${size} bytes exceeds ${MAX_BODY_BYTES}`);
        return reply(response, 413, { error: 'payload too large' });
      }
      let payload;
      try {
        payload = decodeBody(request.headers['content-type'], Buffer.concat(chunks));
      } catch (error) {
        problems.push(`the body does not decode: ${error.message}`);
        return reply(response, 400, { error: error.message });
      }
      const checked = checkPayload(request.headers, payload);
      if (checked.problems.length > 0) {
        problems.push(...checked.problems);
        return reply(response, 400, { errors: checked.problems });
      }
      tracerVersions.add(request.headers['datadog-meta-tracer-version']);
      traces.push(...checked.traces);
      for (const trace of checked.traces) events.emit('trace', trace);
      reply(response, 200, { rate_by_service: {} });
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();

  return {
    url: `http://127.0.0.1:${port}`,
    traces,
    problems,
    requests,
    tracerVersions,
    /**
     * The first accepted trace for which `predicate` holds, as soon as it arrives. Rejects after
     * `timeoutMs` with what did arrive, so a failure says why.
     */
    waitForTrace(predicate, { timeoutMs = 15_000 } = {}) {
      const found = traces.find(predicate);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const onTrace = (trace) => {
          if (!predicate(trace)) return;
          clearTimeout(timer);
          events.off('trace', onTrace);
          resolve(trace);
        };
        const timer = setTimeout(() => {
          events.off('trace', onTrace);
          const seen = traces.map((trace) => trace.map((span) => span.name).join('+'));
          reject(new Error(`no matching trace within ${timeoutMs} ms; received [${seen.join('; ')}]; problems: ${JSON.stringify(problems)}`));
        }, timeoutMs);
        events.on('trace', onTrace);
      });
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
