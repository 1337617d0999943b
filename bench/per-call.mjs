// Per-call cost of an instrumented function against the plain one and against Node's
// diagnostics_channel with no subscribers, measured side by side in one run. Prints medians (ns per
// call) and ratios; never asserts. Usage: node bench/per-call.mjs [--quick]
import { tracingChannel } from 'node:diagnostics_channel';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const babel = require('@babel/core');
const runtime = require('dd-span-runtime');
const quick = process.argv.includes('--quick');
const CALLS = 1000;

const source = `
//dd:span
function trivial(x) { return x + 1; }
//dd:span
function work(x) { let s = 0; for (let i = 0; i < 300; i++) s = (s + i * x) | 0; return s; }
//dd:span
async function asyncFn(x) { return x + 1; }
//dd:span
function* gen(x) { yield x; }
module.exports = { trivial, work, asyncFn, gen };
`;

function load(instrumented) {
  const dir = mkdtempSync(path.join(tmpdir(), 'dd-span-bench-'));
  const file = path.join(dir, instrumented ? 'instrumented.cjs' : 'plain.cjs');
  const code = babel.transformSync(source, {
    filename: file,
    babelrc: false,
    configFile: false,
    sourceType: 'script',
    plugins: instrumented ? [[path.join(root, 'babel-plugin-dd-span'), { moduleStyle: 'require' }]] : [],
  }).code;
  writeFileSync(file, code.replace(/require\("dd-span-runtime"\)/, `require(${JSON.stringify(require.resolve('dd-span-runtime'))})`));
  return require(file);
}

const plain = load(false);
const traced = load(true);
const channel = tracingChannel('dd-span-bench');
const viaChannel = (x) => channel.traceSync(plain.trivial, { x }, undefined, x);

let sink = 0;
const loop = (fn) => () => {
  for (let i = 0; i < CALLS; i++) sink = (sink + fn(i)) | 0;
};
const asyncLoop = (fn) => async () => {
  for (let i = 0; i < CALLS; i++) sink = (sink + (await fn(i))) | 0;
};
const genLoop = (fn) => () => {
  for (let i = 0; i < CALLS; i++) for (const v of fn(i)) sink = (sink + v) | 0;
};

const discard = runtime.createNativeTracer(() => {});
const configurations = [
  ['plain', plain, null],
  ['instrumented, no tracer', traced, null],
  ['instrumented, native tracer (discarding sink)', traced, discard],
];

async function measure(name, task) {
  const bench = new Bench({ time: quick ? 200 : 1000, warmupTime: quick ? 50 : 300 });
  bench.add(name, task);
  await bench.run();
  return (bench.tasks[0].result.latency.p50 * 1e6) / CALLS; // ms per loop → ns per call
}

const rows = [];
for (const [kind, make] of [
  ['trivial sync', (m) => loop(m.trivial)],
  ['~1 µs sync', (m) => loop(m.work)],
  ['async', (m) => asyncLoop(m.asyncFn)],
  ['generator', (m) => genLoop(m.gen)],
]) {
  const results = {};
  for (const [label, module, tracer] of configurations) {
    runtime.configure({ tracer });
    results[label] = await measure(`${kind} / ${label}`, make(module));
  }
  runtime.configure({ tracer: null });
  if (kind === 'trivial sync') results['diagnostics_channel traceSync, no subscribers'] = await measure(kind, loop(viaChannel));
  const base = results.plain;
  for (const [label, ns] of Object.entries(results)) rows.push({ function: kind, variant: label, 'ns/call (median)': ns.toFixed(1), 'ratio to plain': (ns / base).toFixed(2) });
  if (results['diagnostics_channel traceSync, no subscribers'] !== undefined) {
    const overhead = results['instrumented, no tracer'] - base;
    const channelOverhead = results['diagnostics_channel traceSync, no subscribers'] - base;
    rows.push({ function: kind, variant: 'added cost, no tracer ÷ added cost, traceSync', 'ns/call (median)': `${overhead.toFixed(1)} / ${channelOverhead.toFixed(1)}`, 'ratio to plain': (overhead / channelOverhead).toFixed(2) });
  }
}
console.log(`Node ${process.version}, ${CALLS} calls per sample${quick ? ' (quick)' : ''}`);
console.table(rows);
if (sink === 42) console.log('');
