// Suite 3: what tracing adds to a browser bundle (esbuild, minified, gzip -9), for dd-span and for
// what users would otherwise pick, on the same page. See lib/bundle.mjs for the pages.
import { measurePages, TARGETS } from './lib/bundle.mjs';
import { formatBytes, formatRatio, simpleTable } from './lib/report.mjs';

export async function bundleSizeSuite() {
  const results = await measurePages();
  const byName = Object.fromEntries(results.map((result) => [result.name, result]));
  const api = byName.otelApi.added;
  const missed = [];
  const rows = results
    .filter((result) => result.name !== 'plain')
    .map((result) => {
      const max = TARGETS[result.name];
      const met = max === undefined ? '' : result.added <= max ? 'met' : '**missed**';
      if (met === '**missed**') missed.push({ group: 'bundle size', subject: result.label });
      return [
        result.label,
        formatBytes(result.addedMinified),
        formatBytes(result.added),
        formatRatio(result.added / api),
        max === undefined ? '' : `≤ ${formatBytes(max)}`,
        met,
      ];
    });
  const exporter = byName.exporter;
  const table = simpleTable(
    'Bundle size: what tracing adds to a page (esbuild --minify, browser platform; gzip level 9)',
    ['page traced with', 'added, minified', 'added, min+gz', 'vs `@opentelemetry/api` alone', 'target', ''],
    rows,
    {
      note: [
        `Every page loads a cart with \`fetch\` in one async function; "added" is the page's bundle minus the same page without tracing (${formatBytes(byName.plain.minified)} minified, ${formatBytes(byName.plain.gzipped)} min+gz). dd-span pages are compiled with babel-plugin-dd-span first; packages resolve to their browser entries (esbuild's \`browser\` platform, \`process.env.NODE_ENV\` = \`"production"\`).`,
        `The exporter page ${exporter.usesFetchIntegration ? 'includes' : '**does not include**'} the fetch integration${exporter.notes.length ? ` (${exporter.notes.join('; ')})` : ''}.`,
      ].join('\n\n'),
    },
  );
  table.missed = missed;
  const modules = simpleTable(
    'Runtime modules in the dd-span pages (minified bytes each, before gzip)',
    ['page', 'modules'],
    ['core', 'exporter'].map((name) => [byName[name].label, byName[name].runtimeFiles.map(({ file, minified }) => `${file} ${minified}`).join(', ')]),
  );
  return [table, modules];
}
