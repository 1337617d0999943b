// Suite 2: the cost of one call of an instrumented function, tracing off and on, against what users
// would otherwise pick. Each scenario runs in its own process (per-call-worker.mjs) and measures the
// plain functions too: a span's cost is always "instrumented minus plain" within one process.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { babel8Home, node24, runWorker } from './lib/child.mjs';
import { closedPortUrl, startDiscardServer } from './lib/discard-server.mjs';
import { quick } from './lib/harness.mjs';
import { comparisonTable, formatBytes, formatTime, simpleTable } from './lib/report.mjs';

const KINDS = ['trivial', 'work', 'async', 'generator'];
const KIND_LABEL = { trivial: 'trivial sync', work: '~1 µs sync', async: 'async', generator: 'generator' };

function scenarioEnv(discard) {
  const ddTrace = {
    DD_TRACE_AGENT_URL: discard.url,
    DD_INSTRUMENTATION_TELEMETRY_ENABLED: 'false',
    DD_REMOTE_CONFIGURATION_ENABLED: 'false',
    DD_TRACE_STARTUP_LOGS: 'false',
  };
  return {
    off: {},
    disabled: { DD_TRACE_ENABLED: 'false' },
    unsampled: { DD_TRACE_SAMPLE_RATE: '0' },
    recorder: {},
    otlp: { DD_BENCH_ENDPOINT: `${discard.url}/v1/traces` },
    opentelemetry: {},
    'opentelemetry-otlp': { DD_BENCH_ENDPOINT: `${discard.url}/v1/traces` },
    'dd-trace': ddTrace,
    'dd-trace-6': { ...ddTrace, DD_TRACE_HOME: babel8Home },
  };
}

// The worker scenario and Node binary of a scenario that is not run as named on this Node. dd-trace 6
// needs Node 22 or later: its scenario is the dd-trace one, on the Babel 8 leg's Node 24, with that
// leg's dd-trace (DD_TRACE_HOME).
const RUN_AS = { 'dd-trace-6': { scenario: 'dd-trace', node: node24 } };
const hasDdTrace6 = existsSync(node24) && existsSync(path.join(babel8Home, 'node_modules/dd-trace'));
// The current dd-trace major first; each is compared with itself, in its own process and Node.
const DD_TRACE_SCENARIOS = hasDdTrace6 ? ['dd-trace-6', 'dd-trace'] : ['dd-trace'];

// Environment variables of the parent that would change what a scenario measures.
const NEUTRAL = Object.fromEntries(
  ['DD_TRACE_ENABLED', 'DD_TRACE_SAMPLE_RATE', 'DD_TRACE_DEBUG', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'].map((name) => [name, undefined]),
);

async function runScenarios(mode, names, envs, nodeArgs = []) {
  const results = {};
  for (const name of names) {
    process.stderr.write(`  per-call: ${name} (${mode})\n`);
    const env = { ...NEUTRAL, ...envs[name] };
    for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
    const { scenario = name, node } = RUN_AS[name] ?? {};
    results[name] = await runWorker('per-call-worker.mjs', [scenario, mode, ...(quick ? ['--quick'] : [])], { env, nodeArgs, node });
  }
  return results;
}

// A young generation that holds a whole allocation sample, so that no collection falls inside it:
// 10,000 dd-trace 6 async spans on Node 24 take more than 64 MB.
const ALLOC_NODE_ARGS = ['--expose-gc', '--min-semi-space-size=128', '--max-semi-space-size=128'];

export async function perCallSuite() {
  const discard = await startDiscardServer();
  const envs = scenarioEnv(discard);
  envs.heap = { DD_BENCH_DOWN_ENDPOINT: await closedPortUrl() };
  const names = ['off', 'disabled', 'unsampled', 'recorder', 'otlp', 'opentelemetry', 'opentelemetry-otlp', ...DD_TRACE_SCENARIOS];
  let timed, allocated, heap;
  try {
    timed = await runScenarios('time', names, envs);
    allocated = await runScenarios('alloc', names, envs, ALLOC_NODE_ARGS);
    heap = (await runWorker('per-call-worker.mjs', ['otlp', 'heap'], { env: envs.heap, nodeArgs: ['--expose-gc'] })).heap;
  } finally {
    await discard.close();
  }
  const t = (scenario, kind, variant) => timed[scenario].times[`${kind}/${variant}`];
  // What a span (or a disabled call site) adds to the plain call, within one process.
  const added = (scenario, kind, variant = 'ours') => t(scenario, kind, variant) - t(scenario, kind, 'plain');

  const rows = [];
  const compare = (group, subject, value, reference, referenceValue, max) =>
    rows.push({ group, subject, value, reference, referenceValue, ratio: value / referenceValue, max });

  // The ~1 µs function is left out here: both added costs are far below its run-to-run noise.
  for (const kind of ['trivial', 'async']) {
    const channel = kind === 'async' ? 'tracePromise' : 'traceSync';
    const reference = `diagnostics_channel ${channel}, no subscribers: added`;
    const referenceValue = added('off', kind, 'traceSync');
    compare(`tracing off, ${KIND_LABEL[kind]}`, 'ours, no tracer: added', added('off', kind), reference, referenceValue, 0.5);
    compare(`tracing off, ${KIND_LABEL[kind]}`, 'ours, DD_TRACE_ENABLED=false: added', added('disabled', kind), reference, referenceValue, 0.5);
  }
  for (const kind of KINDS) {
    const reference = 'OpenTelemetry SDK span: added';
    const referenceValue = added('opentelemetry', kind, 'peer');
    compare(`span, ${KIND_LABEL[kind]}`, 'ours, in-memory recorder: added', added('recorder', kind), reference, referenceValue, 0.25);
    compare(`span, ${KIND_LABEL[kind]}`, 'ours, OTLP exporter: added', added('otlp', kind), reference, referenceValue, 0.25);
    compare(`span, ${KIND_LABEL[kind]}`, 'ours, OTLP exporter: added', added('otlp', kind), 'OpenTelemetry SDK, OTLP/HTTP exporter: added', added('opentelemetry-otlp', kind, 'peer'), null);
  }
  const ddTraceLabel = (scenario) => {
    const { ddTrace, node } = timed[scenario].checks;
    return `dd-trace ${ddTrace.split('.')[0]}, Node ${node.slice(1).split('.')[0]}`;
  };
  for (const kind of KINDS) {
    compare(`bridge, ${KIND_LABEL[kind]}`, 'ours via OpenTelemetry bridge: added', added('opentelemetry', kind), 'OpenTelemetry SDK span: added', added('opentelemetry', kind, 'peer'), 1.15);
    for (const scenario of DD_TRACE_SCENARIOS) {
      const label = ddTraceLabel(scenario);
      compare(`bridge, ${KIND_LABEL[kind]}`, `ours via dd-trace bridge (${label}): added`, added(scenario, kind), `dd-trace's tracer.trace (${label}): added`, added(scenario, kind, 'peer'), 1.15);
    }
  }
  const asyncVsSync = [['recorder', 'in-memory recorder'], ['otlp', 'OTLP exporter'], ['opentelemetry', 'OpenTelemetry bridge']];
  for (const scenario of DD_TRACE_SCENARIOS) asyncVsSync.push([scenario, `dd-trace bridge (${ddTraceLabel(scenario)})`]);
  for (const [scenario, label] of asyncVsSync) {
    compare(`async vs sync, ${label}`, 'ours, async span: added', added(scenario, 'async'), 'ours, trivial sync span: added', added(scenario, 'trivial'), 2);
  }
  // A span around a hot loop must add what any span adds: on Node 20, a runtime call in the
  // generated `catch` made TurboFan keep the loop's variables on the stack (docs/DESIGN.md), and
  // the ~1 µs function then took about 1.8 µs more instead of 0.2 µs.
  compare('~1 µs vs trivial sync, in-memory recorder', 'ours, ~1 µs sync span: added', added('recorder', 'work'), 'ours, trivial sync span: added', added('recorder', 'trivial'), 1.5);
  for (const kind of ['trivial', 'async', 'generator']) {
    compare(`unsampled, ${KIND_LABEL[kind]}`, 'ours, DD_TRACE_SAMPLE_RATE=0: per call', t('unsampled', kind, 'ours'), 'ours, DD_TRACE_ENABLED=false: per call', t('disabled', kind, 'ours'), 2);
  }

  const mediansTable = simpleTable(
    'Per-call medians, every scenario (ns per call; each scenario is one process)',
    ['scenario', 'variant', ...KINDS.map((kind) => KIND_LABEL[kind])],
    Object.entries(timed).flatMap(([scenario, { times }]) => {
      const variants = [...new Set(Object.keys(times).map((key) => key.split('/')[1]))];
      return variants.map((variant) => [scenario, variant, ...KINDS.map((kind) => (times[`${kind}/${variant}`] === undefined ? '' : formatTime(times[`${kind}/${variant}`])))]);
    }),
  );

  const perSpan = (scenario, kind, variant = 'ours') => {
    const a = allocated[scenario].alloc;
    const value = a[`${kind}/${variant}`];
    const base = a[`${kind}/plain`];
    return value === null || base === null ? NaN : value - base;
  };
  const allocTable = simpleTable(
    'Heap allocated per call, above the plain function (bytes; no garbage collection during the sample)',
    ['scenario', 'variant', ...KINDS.map((kind) => KIND_LABEL[kind])],
    names.flatMap((scenario) => {
      const variants = [...new Set(Object.keys(allocated[scenario].alloc).map((key) => key.split('/')[1]))].filter((v) => v !== 'plain');
      return variants.map((variant) => [scenario, variant, ...KINDS.map((kind) => (allocated[scenario].alloc[`${kind}/${variant}`] === undefined ? '' : formatBytes(perSpan(scenario, kind, variant))))]);
    }),
  );

  const grew = heap.after - heap.before;
  const heapTable = simpleTable(
    'Heap over 1,000,000 spans with the OTLP endpoint down (after a full GC, before and after)',
    ['spans', 'heap before', 'heap after', 'growth', 'queued', 'dropped (queue full)', 'failed'],
    [[heap.spans.toLocaleString('en-US'), formatBytes(heap.before), formatBytes(heap.after), formatBytes(grew), heap.stats.queued, heap.stats.dropped.toLocaleString('en-US'), heap.stats.failed]],
    { note: 'The queue holds at most 2,048 spans (the default `maxQueueSize`); every later span is counted as dropped.' },
  );

  const otlpStats = timed.otlp.checks;
  const main = comparisonTable('Per-call cost', rows, {
    note: [
      '"added" is the median time of the instrumented call minus the plain call, in the same process. Tracing-off rows compare overheads (the interpretation of "≤ 0.5× the cost of traceSync"): the added cost of a call site that traces nothing against what wrapping the same call in a `diagnostics_channel` tracing channel adds. They are shown for the trivial and the async function only: on the ~1 µs function both added costs are a few nanoseconds, below its run-to-run noise (see the medians table). The unsampled rows compare whole per-call times, since the disabled added cost is about a nanosecond.',
      `The OTLP exporters (ours, and OpenTelemetry's OTLP/HTTP one) posted to a local server in another process that discards requests. Each sample of those two scenarios is 10,240 calls (20 batches of 512), made 64 at a time with a turn of the event loop after each, so that every sample encodes and sends about 20 batches; before each 64 calls the benchmark waits, asleep, until the exporter's queue has room for them, since a span the queue drops costs next to nothing. Those samples are timed in process CPU time (user + system, all threads), which leaves the waits for the server out and counts everything the exporter does meanwhile; every other scenario is timed in wall time. Ours exported ${otlpStats.exported.toLocaleString('en-US')} spans while timed and dropped ${otlpStats.dropped.toLocaleString('en-US')} (the benchmark slept ${otlpStats.waitTurns.toLocaleString('en-US')} times for room); OpenTelemetry's exported ${timed['opentelemetry-otlp'].checks.exported.toLocaleString('en-US')}. The OpenTelemetry SDK reference uses a BatchSpanProcessor with a no-op exporter and the AsyncLocalStorageContextManager; its spans have no attributes (\`startActiveSpan\` + \`end\`).`,
      `dd-trace is measured ${hasDdTrace6 ? 'twice, dd-trace 6 on Node 24 (the Babel 8 leg\'s Node and install) and dd-trace 5 on Node 20' : 'as installed at the root (test/babel8, which holds dd-trace 6 and Node 24, is not installed)'}: each bridge row compares with that dd-trace's own \`tracer.trace\` in the same process, with its integrations off.`,
      `Checks: OpenTelemetry bridge context sharing: ${timed.opentelemetry.checks.contextSharing}; dd-trace bridge shares dd-trace's scope: ${DD_TRACE_SCENARIOS.map((scenario) => `${timed[scenario].checks.sharesDdTraceScope} (dd-trace ${timed[scenario].checks.ddTrace}, Node ${timed[scenario].checks.node})`).join(', ')}; spans recorded with DD_TRACE_SAMPLE_RATE=0: ${timed.unsampled.checks.recordedSpans}; tracer installed with DD_TRACE_ENABLED=false: ${timed.disabled.checks.tracer}.`,
    ].join('\n\n'),
  });
  return [main, mediansTable, allocTable, heapTable];
}
