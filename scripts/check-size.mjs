// The size check CI runs after the build: fails when what dd-span adds to a browser page grows past
// issue 5's targets. Same pages and bundler as the bundle-size benchmark (bench/lib/bundle.mjs):
// esbuild, minified, browser platform, gzip level 9.
// Usage: node scripts/check-size.mjs   (after `npm run build`)
import { measurePages, TARGETS } from '../bench/lib/bundle.mjs';

// Where a target is still missed (issue 5: core + exporter + fetch is ~5.9 KB against 4 KB), the
// check holds the line at today's size instead, so the bundle cannot grow while the target is open.
// Lower a ceiling whenever the size drops; delete it once the target is met.
const CEILINGS = { exporter: 5950 };

const results = await measurePages(['core', 'exporter']);
let failed = false;
for (const result of results) {
  const target = TARGETS[result.name];
  const limit = CEILINGS[result.name] ?? target;
  const over = result.added > limit;
  failed ||= over;
  const status = over ? 'FAIL' : result.added > target ? 'open' : 'ok  ';
  console.log(`${status} ${result.label}: ${result.added} B min+gz (target ${target} B${limit !== target ? `, ceiling ${limit} B` : ''})${over ? `, ${result.added - limit} B over` : ''}`);
  for (const note of result.notes) console.log(`     ${note}`);
  if (result.name === 'exporter' && !result.usesFetchIntegration) console.log('     (the fetch integration is not in this bundle)');
}
if (failed) console.log('\nbench/lib/bundle.mjs has the pages; `npm run bench -- --suite=bundle` shows the size of every runtime module.');
process.exit(failed ? 1 : 0);
