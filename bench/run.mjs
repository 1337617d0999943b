// `npm run bench`: every suite of issue 5, one after the other, each printing its tables (Markdown)
// with medians, ratios to a reference measured in the same run, and the target.
//
//   npm run bench                         all suites, full iteration counts (about 10 minutes)
//   npm run bench -- --quick              fewer iterations, same tables (about 3 minutes)
//   npm run bench -- --suite=bundle,scale only these suites (build, per-call, bundle, scale)
//   npm run bench -- --markdown=out.md    also write the tables and the machine to a file
//
// Exits non-zero only when a suite fails to run or the scale suite finds a wrong parent: timings
// are reported, never asserted.
import { writeFileSync } from 'node:fs';
import { buildCostSuite } from './build-cost.mjs';
import { bundleSizeSuite } from './bundle-size.mjs';
import { quick } from './lib/harness.mjs';
import { describeMachine } from './lib/machine.mjs';
import { printTable } from './lib/report.mjs';
import { perCallSuite } from './per-call.mjs';
import { scaleSuite } from './scale.mjs';

const SUITES = [
  ['build', '1. Build cost', buildCostSuite],
  ['per-call', '2. Per-call cost', perCallSuite],
  ['bundle', '3. Bundle size', bundleSizeSuite],
  ['scale', '4. Scale', scaleSuite],
];

const option = (name) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const only = option('suite')?.split(',');
const markdownFile = option('markdown');

const machine = describeMachine();
const header = [
  `Run: ${new Date().toISOString()}${quick ? ' (--quick)' : ''}`,
  `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memory}, ${machine.os}`,
  `Node: ${machine.node20} (Babel 7 and everything else), ${machine.node24} (Babel 8)`,
].join('\n');
console.log(header);

const sections = [];
let failed = false;
for (const [key, title, suite] of SUITES) {
  if (only && !only.includes(key)) continue;
  console.log(`\n## ${title}`);
  const started = Date.now();
  try {
    const tables = await suite();
    for (const table of tables) printTable(table);
    sections.push({ title, tables, seconds: (Date.now() - started) / 1000 });
    if (tables.some((table) => table.failed)) failed = true;
  } catch (error) {
    failed = true;
    console.error(`\n${title} failed: ${error.stack ?? error}`);
  }
  console.log(`\n(${title}: ${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

const missed = sections.flatMap((section) => section.tables.flatMap((table) => table.missed.map((row) => `${section.title} — ${row.group}: ${row.subject}`)));
console.log(missed.length === 0 ? '\nEvery target met.' : `\nTargets missed (${missed.length}):\n${missed.map((line) => `- ${line}`).join('\n')}`);

if (markdownFile) {
  const body = sections
    .map(({ title, tables, seconds }) => [`## ${title}`, `(${seconds.toFixed(0)} s)`, ...tables.map((table) => [`### ${table.title}`, table.text, table.note].filter(Boolean).join('\n\n'))].join('\n\n'))
    .join('\n\n');
  writeFileSync(markdownFile, `${header.split('\n').join('  \n')}\n\n${body}\n`);
}
process.exit(failed ? 1 : 0);
