// The size check CI runs after the build: fails when what dd-span adds to a browser page grows past
// issue 5's targets. Same pages and bundler as the bundle-size benchmark (bench/lib/bundle.mjs):
// esbuild, minified, browser platform, gzip level 9.
// Usage: node scripts/check-size.mjs   (after `npm run build`)
import { measurePages, TARGETS } from '../bench/lib/bundle.mjs';

const results = await measurePages(['core', 'exporter']);
let failed = false;
for (const result of results) {
  const limit = TARGETS[result.name];
  const over = result.added > limit;
  failed ||= over;
  console.log(`${over ? 'FAIL' : 'ok  '} ${result.label}: ${result.added} B min+gz (limit ${limit} B)${over ? `, ${result.added - limit} B over` : ''}`);
  for (const note of result.notes) console.log(`     ${note}`);
  if (result.name === 'exporter' && !result.usesFetchIntegration) console.log('     (the fetch integration is not in this bundle)');
}
if (failed) console.log('\nbench/lib/bundle.mjs has the pages; `npm run bench -- --suite=bundle` shows the size of every runtime module.');
process.exit(failed ? 1 : 0);
