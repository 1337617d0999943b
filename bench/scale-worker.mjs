// One implementation of the scale suite, in a process of its own: 10,000 concurrent requests
// (bench/fixtures/scale.js), each a root span with nested children, all in flight at once. Checks
// that every span's parent is the span of the call that made it, and measures spans per second.
//
// Usage: node bench/scale-worker.mjs <ours|opentelemetry|plain> [--quick]. Prints JSON.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { benchDir, reply } from './lib/child.mjs';
import { loadFixture, requireFromRoot } from './lib/compile.mjs';
import { cpuNow, quick } from './lib/harness.mjs';
import { median } from './lib/report.mjs';

const REQUESTS = 10_000;
const SPANS_PER_REQUEST = 5;
const impl = process.argv[2];
const source = readFileSync(path.join(benchDir, 'fixtures/scale.js'), 'utf8');

/** Each implementation: `run(seen)` starts every request; `current()` is the active span id; `finished()` the spans as `{ spanId, parentId }`. */
function setUp() {
  if (impl === 'plain') {
    const { handleRequest } = loadFixture('scale', source, { instrumented: false });
    return { run: (seen) => Promise.all(Array.from({ length: REQUESTS }, (_, i) => handleRequest(i, seen))), current: () => null, finished: () => [], reset() {} };
  }
  if (impl === 'ours') {
    const runtime = requireFromRoot('dd-span-runtime');
    let spans = [];
    runtime.configure({ tracer: runtime.createNativeTracer((span) => spans.push(span)) });
    const { handleRequest } = loadFixture('scale', source, { instrumented: true });
    return {
      run: (seen) => Promise.all(Array.from({ length: REQUESTS }, (_, i) => handleRequest(i, seen))),
      current: () => runtime.activeContext()?.spanId,
      finished: () => spans.map(({ spanId, parentId }) => ({ spanId, parentId })),
      reset: () => {
        spans = [];
      },
    };
  }
  // OpenTelemetry, written by hand the way its documentation shows: startActiveSpan around each
  // function body, the AsyncLocalStorage context manager carrying the span across awaits.
  const api = requireFromRoot('@opentelemetry/api');
  const { BasicTracerProvider } = requireFromRoot('@opentelemetry/sdk-trace-base');
  const { AsyncLocalStorageContextManager } = requireFromRoot('@opentelemetry/context-async-hooks');
  let spans = [];
  const collector = { onStart() {}, onEnd: (span) => spans.push(span), forceFlush: async () => {}, shutdown: async () => {} };
  api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  api.trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [collector] }));
  const tracer = api.trace.getTracer('scale');
  const { tick } = loadFixture('scale', source, { instrumented: false });
  const traced = (name, fn) => (...args) =>
    tracer.startActiveSpan(name, (span) => {
      let result;
      try {
        result = fn(...args);
      } catch (error) {
        span.end();
        throw error;
      }
      if (result instanceof Promise) return result.finally(() => span.end());
      span.end();
      return result;
    });
  const formatUser = traced('formatUser', (i, seen) => {
    seen('format', i, 0);
    return i;
  });
  const loadUser = traced('loadUser', async (i, seen) => {
    seen('user', i, 0);
    await tick();
    return formatUser(i, seen);
  });
  const loadItems = traced('loadItems', async (i, k, seen) => {
    seen('items', i, k);
    await tick();
    await tick();
    return k;
  });
  const handleRequest = traced('handleRequest', async (i, seen) => {
    seen('handle', i, 0);
    await tick();
    const user = await loadUser(i, seen);
    const [a, b] = await Promise.all([loadItems(i, 1, seen), loadItems(i, 2, seen)]);
    return user + a + b;
  });
  return {
    run: (seen) => Promise.all(Array.from({ length: REQUESTS }, (_, i) => handleRequest(i, seen))),
    current: () => api.trace.getActiveSpan()?.spanContext().spanId,
    finished: () => spans.map((span) => ({ spanId: span.spanContext().spanId, parentId: (span.parentSpanContext ?? null)?.spanId ?? span.parentSpanId ?? null })),
    reset: () => {
      spans = [];
    },
  };
}

// The span each call ran in, by call; then every span's parent must be its caller's span.
const PARENT = { handle: null, user: 'handle', format: 'user', items: 'handle' };
function wrongParents(calls, spans) {
  const parentOf = new Map(spans.map(({ spanId, parentId }) => [spanId, parentId]));
  let wrong = 0;
  for (const [key, spanId] of calls) {
    const [name, i] = key.split('/');
    const expected = PARENT[name] === null ? null : calls.get(`${PARENT[name]}/${i}/0`);
    if (!parentOf.has(spanId) || parentOf.get(spanId) !== expected) wrong++;
  }
  return wrong + Math.abs(REQUESTS * SPANS_PER_REQUEST - spans.length);
}

const implementation = setUp();
const runs = quick ? 2 : 5;
const results = [];
for (let run = 0; run <= runs; run++) {
  implementation.reset();
  const calls = new Map();
  const seen = (name, i, k) => calls.set(`${name}/${i}/${k}`, implementation.current());
  const wall = performance.now();
  const cpu = cpuNow();
  const sums = await implementation.run(seen);
  const result = { wallMs: performance.now() - wall, cpuMs: cpuNow() - cpu };
  if (sums.some((sum, i) => sum !== i + 3)) throw new Error('a request returned the wrong result');
  // The first run warms up; its correctness counts all the same.
  const wrong = impl === 'plain' ? 0 : wrongParents(calls, implementation.finished());
  results.push({ ...result, wrong, spans: implementation.finished().length });
}
const measured = results.slice(1);
reply({
  impl,
  requests: REQUESTS,
  spans: impl === 'plain' ? 0 : REQUESTS * SPANS_PER_REQUEST,
  wallMs: median(measured.map((r) => r.wallMs)),
  cpuMs: median(measured.map((r) => r.cpuMs)),
  wrongParents: Math.max(...results.map((r) => r.wrong)),
  runs: measured.length,
});
