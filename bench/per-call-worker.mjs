// One scenario of the per-call suite, in a process of its own: environment variables are read when
// the runtime loads, and dd-trace and OpenTelemetry change the process they run in. Every scenario
// also measures the plain functions, so that an added cost is always taken within one process.
//
// Usage: node bench/per-call-worker.mjs <scenario> <time|alloc|heap> [--quick]
// Prints `{ times | alloc | heap, checks }` as JSON on its last line.
import { tracingChannel } from 'node:diagnostics_channel';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { setImmediate as nextMacrotask } from 'node:timers/promises';
import { benchDir, repoRoot, reply } from './lib/child.mjs';
import { loadFixture, requireFromRoot } from './lib/compile.mjs';
import { cpuNow, measure, paced } from './lib/harness.mjs';

const [scenarioName, mode] = process.argv.slice(2);
const CALLS = 1000;
// A sample of an exporting scenario: 20 of the exporters' 512-span batches, made 64 calls at a time.
const EXPORT_SAMPLE = { calls: 20 * 512, chunk: 64 };
const source = readFileSync(path.join(benchDir, 'fixtures/per-call.js'), 'utf8');
const plain = loadFixture('per-call', source, { instrumented: false });
const traced = loadFixture('per-call', source, { instrumented: true });
const runtime = requireFromRoot('dd-span-runtime');

/**
 * Runs a generator's steps inside a context its tracer provides and ends the span once it is done:
 * what a hand-written OpenTelemetry or dd-trace span around a generator takes, since neither
 * `startActiveSpan` nor `tracer.trace` can keep a span active across `yield`.
 */
function stepInContext(inner, run, end) {
  const step = (method, value) => {
    let result;
    try {
      result = run(() => inner[method](value));
    } catch (error) {
      end();
      throw error;
    }
    if (result.done) end();
    return result;
  };
  return {
    next: (value) => step('next', value),
    return: (value) => step('return', value),
    [Symbol.iterator]() {
      return this;
    },
  };
}

/** The OpenTelemetry SDK as the issue sets it up: a no-op exporter behind a BatchSpanProcessor, or (`otlp`) its OTLP/HTTP JSON exporter. */
function openTelemetry({ otlp = false } = {}) {
  const api = requireFromRoot('@opentelemetry/api');
  const { BasicTracerProvider, BatchSpanProcessor } = requireFromRoot('@opentelemetry/sdk-trace-base');
  const { AsyncLocalStorageContextManager } = requireFromRoot('@opentelemetry/context-async-hooks');
  const exporter = otlp
    ? new (requireFromRoot('@opentelemetry/exporter-trace-otlp-http').OTLPTraceExporter)({ url: process.env.DD_BENCH_ENDPOINT })
    : { export: (_spans, done) => done({ code: 0 }), shutdown: async () => {}, forceFlush: async () => {} };
  const exported = { spans: 0 };
  if (otlp) {
    // Counts what the processor hands its exporter: every span it did not drop.
    const exportSpans = exporter.export.bind(exporter);
    exporter.export = (spans, done) => {
      exported.spans += spans.length;
      exportSpans(spans, done);
    };
  }
  const processor = new BatchSpanProcessor(exporter);
  const provider = new BasicTracerProvider({ spanProcessors: [processor] });
  api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  api.trace.setGlobalTracerProvider(provider);
  const tracer = api.trace.getTracer('bench');
  const sync = (name, fn) => (x) =>
    tracer.startActiveSpan(name, (span) => {
      try {
        return fn(x);
      } finally {
        span.end();
      }
    });
  const peer = {
    trivial: sync('trivial', plain.trivial),
    work: sync('work', plain.work),
    asyncFn: (x) =>
      tracer.startActiveSpan('asyncFn', async (span) => {
        try {
          return await plain.asyncFn(x);
        } finally {
          span.end();
        }
      }),
    gen: (x) => {
      const span = tracer.startSpan('gen');
      const active = api.trace.setSpan(api.context.active(), span);
      return stepInContext(plain.gen(x), (step) => api.context.with(active, step), () => span.end());
    },
  };
  const { createOpenTelemetryBridge, contextSharing } = requireFromRoot('dd-span-runtime/opentelemetry');
  runtime.configure({ tracer: createOpenTelemetryBridge({ api }) });
  return { peer, processor, exported, checks: { contextSharing: contextSharing() } };
}

// The dd-trace to compare with: the workspace's, or the one in DD_TRACE_HOME (test/babel8's, on Node 24).
const requireDdTrace = createRequire(path.resolve(process.env.DD_TRACE_HOME ?? repoRoot, 'package.json'));

function ddTrace() {
  const dd = requireDdTrace('dd-trace').init({ plugins: false, startupLogs: false });
  const peer = {
    trivial: (x) => dd.trace('trivial', () => plain.trivial(x)),
    work: (x) => dd.trace('work', () => plain.work(x)),
    asyncFn: (x) => dd.trace('asyncFn', () => plain.asyncFn(x)),
    gen: (x) => {
      const span = dd.startSpan('gen', { childOf: dd.scope().active() });
      return stepInContext(plain.gen(x), (step) => dd.scope().activate(span, step), () => span.finish());
    },
  };
  const { createDdTraceBridge } = requireFromRoot('dd-span-runtime/dd-trace');
  const bridge = createDdTraceBridge(dd);
  runtime.configure({ tracer: bridge });
  const ddTraceVersion = requireDdTrace('dd-trace/package.json').version;
  return { peer, checks: { sharesDdTraceScope: bridge.sharesDdTraceScope, ddTrace: ddTraceVersion, node: process.version } };
}

/**
 * Each scenario: the implementations to time (besides `plain`), whether each sample ends with a
 * turn of the event loop (so that exporters and batch processors run inside the timed window, as
 * they would in an application), a hook after each sample, and facts to check at the end.
 */
const scenarios = {
  off() {
    const channel = tracingChannel('dd-span-bench');
    const context = {};
    return {
      impls: {
        ours: traced,
        traceSync: {
          trivial: (x) => channel.traceSync(plain.trivial, context, undefined, x),
          work: (x) => channel.traceSync(plain.work, context, undefined, x),
          asyncFn: (x) => channel.tracePromise(plain.asyncFn, context, undefined, x),
        },
      },
      checks: () => ({ tracer: runtime.getTracer() === null ? 'none' : 'set' }),
    };
  },
  disabled() {
    // DD_TRACE_ENABLED=false: a tracer given to configure is refused, so calls stay no-ops.
    runtime.configure({ tracer: runtime.createMemoryTracer() });
    return { impls: { ours: traced }, checks: () => ({ tracer: runtime.getTracer() === null ? 'none' : 'set' }) };
  },
  unsampled() {
    const recorder = runtime.createMemoryTracer();
    runtime.configure({ tracer: recorder });
    return { impls: { ours: traced }, checks: () => ({ recordedSpans: recorder.getFinishedSpans().length }) };
  },
  recorder() {
    const recorder = runtime.createMemoryTracer();
    runtime.configure({ tracer: recorder });
    let recorded = 0;
    return {
      impls: { ours: traced },
      yields: true,
      afterEach: () => {
        recorded += recorder.getFinishedSpans().length;
        recorder.resetSpans();
      },
      checks: () => ({ recordedSpans: recorded }),
    };
  },
  otlp() {
    const { createOtlpTracer } = requireFromRoot('dd-span-runtime/otlp');
    const tracer = createOtlpTracer({ endpoint: process.env.DD_BENCH_ENDPOINT, serviceName: 'bench' });
    runtime.configure({ tracer });
    const waits = { turns: 0 };
    // The exporter's default maxQueueSize.
    const room = () => 2048 - tracer.stats().queued;
    return { impls: { ours: traced }, paced: { room, waits }, tracer, checks: () => ({ ...tracer.stats(), waitTurns: waits.turns }) };
  },
  opentelemetry() {
    const { peer, checks } = openTelemetry();
    return { impls: { ours: traced, peer }, yields: true, checks: () => checks };
  },
  'opentelemetry-otlp'() {
    const { peer, processor, exported } = openTelemetry({ otlp: true });
    const waits = { turns: 0 };
    // The BatchSpanProcessor's own queue (private, read only here) and its default maxQueueSize.
    const room = () => 2048 - processor._finishedSpans.length;
    return { impls: { peer }, paced: { room, waits }, checks: () => ({ exported: exported.spans, queued: processor._finishedSpans.length, waitTurns: waits.turns }) };
  },
  'dd-trace'() {
    const { peer, checks } = ddTrace();
    return { impls: { ours: traced, peer }, yields: true, checks: () => checks };
  },
};

let sink = 0;
const loops = {
  trivial: (impl) => (calls = CALLS) => {
    for (let i = 0; i < calls; i++) sink = (sink + impl.trivial(i)) | 0;
  },
  work: (impl) => (calls = CALLS) => {
    for (let i = 0; i < calls; i++) sink = (sink + impl.work(i)) | 0;
  },
  async: (impl) => async (calls = CALLS) => {
    for (let i = 0; i < calls; i++) sink = (sink + (await impl.asyncFn(i))) | 0;
  },
  generator: (impl) => (calls = CALLS) => {
    for (let i = 0; i < calls; i++) for (const value of impl.gen(i)) sink = (sink + value) | 0;
  },
};
const implements_ = { trivial: 'trivial', work: 'work', async: 'asyncFn', generator: 'gen' };

function tasksFor(scenario) {
  const impls = { plain, ...scenario.impls };
  const tasks = [];
  for (const [kind, loop] of Object.entries(loops)) {
    for (const [variant, impl] of Object.entries(impls)) {
      if (typeof impl[implements_[kind]] !== 'function') continue;
      const run = loop(impl);
      const fn = scenario.paced
        ? paced(run, { ...EXPORT_SAMPLE, ...scenario.paced })
        : scenario.yields
          ? async () => {
              await run();
              await nextMacrotask();
            }
          : run;
      const per = scenario.paced ? EXPORT_SAMPLE.calls : CALLS;
      tasks.push({ name: `${kind}/${variant}`, kind, variant, fn, per, afterEach: scenario.afterEach });
    }
  }
  return tasks;
}

// Allocation: bytes the heap grew by over many calls with no garbage collection in between (the
// young generation is made large enough by the caller's --min-semi-space-size), per call.
async function allocations(tasks) {
  const collections = [];
  const observer = new PerformanceObserver((list) => collections.push(...list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  const result = {};
  for (const task of tasks) {
    const samples = [];
    // About 10,000 calls a sample, whatever the calls per run of the task.
    const runs = Math.max(1, Math.round((10 * CALLS) / task.per));
    for (let attempt = 0; attempt < 5 && samples.length < 3; attempt++) {
      for (let i = 0; i < Math.max(1, runs / 2); i++) await task.fn();
      await task.afterEach?.();
      globalThis.gc();
      const from = performance.now();
      const before = process.memoryUsage().heapUsed;
      for (let i = 0; i < runs; i++) await task.fn();
      const after = process.memoryUsage().heapUsed;
      const to = performance.now();
      await nextMacrotask();
      if (!collections.some((entry) => entry.startTime >= from && entry.startTime <= to)) samples.push((after - before) / (runs * task.per));
      await task.afterEach?.();
    }
    result[task.name] = samples.length === 0 ? null : Math.min(...samples);
  }
  observer.disconnect();
  return result;
}

// With the endpoint down, the exporter's bounded queue is all that may grow.
async function heapOverMillion() {
  const { createOtlpTracer } = requireFromRoot('dd-span-runtime/otlp');
  const tracer = createOtlpTracer({ endpoint: process.env.DD_BENCH_DOWN_ENDPOINT, serviceName: 'bench' });
  runtime.configure({ tracer });
  const batch = loops.trivial(traced);
  const spans = 1_000_000;
  for (let i = 0; i < 20; i++) batch();
  await nextMacrotask();
  globalThis.gc();
  const before = process.memoryUsage().heapUsed;
  for (let done = 0; done < spans; done += CALLS) {
    batch();
    if (done % (10 * CALLS) === 0) await nextMacrotask();
  }
  await nextMacrotask();
  globalThis.gc();
  const after = process.memoryUsage().heapUsed;
  return { spans, before, after, stats: tracer.stats() };
}

const scenario = scenarios[scenarioName]();
let output;
if (mode === 'heap') output = { heap: await heapOverMillion() };
else {
  const tasks = tasksFor(scenario);
  // An exporting scenario's samples include waits for the collector: they are timed in CPU time.
  output = mode === 'alloc' ? { alloc: await allocations(tasks) } : { times: await measure(tasks, scenario.paced ? { now: cpuNow } : {}) };
}
output.checks = scenario.checks?.();
if (sink === 0.5) console.log('');
reply(output);
// An exporter's retry timer or dd-trace's flush interval must not hold the result back.
process.exit(0);
