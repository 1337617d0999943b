// Suite 4: 10,000 concurrent traced async requests, each with nested traced children and awaits,
// for our runtime and for OpenTelemetry doing the same work. Also a correctness check: the run
// fails when any span of ours has the wrong parent.
import { runWorker } from './lib/child.mjs';
import { quick } from './lib/harness.mjs';
import { formatTime, simpleTable } from './lib/report.mjs';

const IMPLEMENTATIONS = [
  ['plain', 'no tracing (baseline)'],
  ['ours', 'dd-span, built-in tracer'],
  ['opentelemetry', 'OpenTelemetry SDK (startActiveSpan, AsyncLocalStorage context manager)'],
];

export async function scaleSuite() {
  const results = {};
  for (const [impl] of IMPLEMENTATIONS) {
    process.stderr.write(`  scale: ${impl}\n`);
    results[impl] = await runWorker('scale-worker.mjs', [impl, ...(quick ? ['--quick'] : [])]);
  }
  const plain = results.plain;
  const rows = IMPLEMENTATIONS.map(([impl, label]) => {
    const r = results[impl];
    const perSecond = r.spans / (r.wallMs / 1000);
    return [
      label,
      r.spans === 0 ? '—' : r.spans.toLocaleString('en-US'),
      formatTime(r.wallMs * 1e6),
      formatTime(r.cpuMs * 1e6),
      r.spans === 0 ? '—' : Math.round(perSecond).toLocaleString('en-US'),
      r.spans === 0 ? '—' : formatTime(((r.wallMs - plain.wallMs) * 1e6) / r.spans),
      r.spans === 0 ? '—' : r.wrongParents === 0 ? 'all right' : `**${r.wrongParents} wrong**`,
    ];
  });
  const ratio = (results.opentelemetry.wallMs - plain.wallMs) / (results.ours.wallMs - plain.wallMs);
  const table = simpleTable(
    `Scale: ${results.ours.requests.toLocaleString('en-US')} concurrent requests, 5 spans each (median of ${results.ours.runs} runs)`,
    ['implementation', 'spans', 'wall time', 'CPU time', 'spans per second', 'added per span', 'parents'],
    rows,
    {
      note: `Each request: an async root that awaits a traced async child (which calls a traced sync function) and then two traced async children in parallel, with \`setImmediate\` awaits between, all 10,000 requests started at once. Every function records the active span id; a parent is right when it is the span of the calling function of the same request. Tracing adds ${ratio.toFixed(1)}× less time per span with dd-span than with OpenTelemetry.`,
    },
  );
  // A wrong parent here is a bug in the runtime, not a slow run.
  table.failed = results.ours.wrongParents !== 0;
  return [table];
}
