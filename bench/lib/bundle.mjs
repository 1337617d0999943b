// Browser bundles of small pages, built the same way for us and for the alternatives: Babel with
// babel-plugin-dd-span first where the page has directives, then esbuild (bundle, minify, browser
// platform, so that packages resolve to their browser entries), then gzip at level 9. Shared by the
// bundle-size suite and scripts/check-size.mjs.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { repoRoot } from './child.mjs';
import { requireFromRoot, tmpDir } from './compile.mjs';

/** The targets of issue 5, in bytes of minified and gzipped code that tracing adds to a page. */
export const TARGETS = { core: 1.5 * 1024, exporter: 4 * 1024 };

const annotated = `
//dd:span
export async function loadCart(id) {
  const response = await fetch('/api/cart/' + id);
  return response.json();
}
`;

const plainPage = `
export async function loadCart(id) {
  const response = await fetch('/api/cart/' + id);
  return response.json();
}
`;

const withOpenTelemetry = (setup) => `
import { trace } from '@opentelemetry/api';
${setup}
const tracer = trace.getTracer('shop');
export function loadCart(id) {
  return tracer.startActiveSpan('loadCart', async (span) => {
    try {
      const response = await fetch('/api/cart/' + id);
      return response.json();
    } finally {
      span.end();
    }
  });
}
`;

/**
 * Every page loads a cart with `fetch`: the baseline as written, then traced by each option.
 * `plugin`: compile with babel-plugin-dd-span and these options first.
 */
export const PAGES = {
  plain: { label: 'page without tracing (baseline)', source: plainPage },
  core: { label: 'dd-span: runtime core (one `//dd:span` function)', source: annotated, plugin: {} },
  exporter: {
    label: 'dd-span: core + OTLP exporter + fetch integration',
    source: `
import { configure } from 'dd-span-runtime';
import { createOtlpTracer } from 'dd-span-runtime/otlp';
configure({ tracer: createOtlpTracer({ endpoint: 'https://collector.example.com/v1/traces', serviceName: 'shop' }) });
${annotated}`,
    plugin: { integrations: { fetch: true } },
  },
  otelApi: { label: '`@opentelemetry/api` alone (`startActiveSpan` + `end`)', source: withOpenTelemetry('') },
  otelWeb: {
    label: 'OpenTelemetry web: WebTracerProvider + BatchSpanProcessor + OTLP/HTTP exporter',
    source: withOpenTelemetry(`
import { WebTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-web';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
new WebTracerProvider({
  spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: 'https://collector.example.com/v1/traces' }))],
}).register();`),
  },
  rumSlim: {
    label: '`@datadog/browser-rum-slim` (`datadogRum.init`)',
    source: `
import { datadogRum } from '@datadog/browser-rum-slim';
datadogRum.init({ applicationId: 'app', clientToken: 'token', site: 'datadoghq.com', service: 'shop' });
${plainPage}`,
  },
};

function compile(name, page) {
  if (page.plugin === undefined) return { code: page.source, notes: [] };
  const babel = requireFromRoot('@babel/core');
  const notes = [];
  const transform = (options) =>
    babel.transformSync(page.source, {
      filename: path.join(tmpDir, 'bundle', `${name}.mjs`),
      babelrc: false,
      configFile: false,
      sourceType: 'module',
      plugins: [[path.join(repoRoot, 'babel-plugin-dd-span'), options]],
    }).code;
  try {
    return { code: transform(page.plugin), notes };
  } catch (error) {
    // The page's plugin options name a feature this build of the plugin does not have yet.
    notes.push(`compiled without ${JSON.stringify(page.plugin)}: ${error.message.split('\n')[0]}`);
    return { code: transform({}), notes };
  }
}

/** Builds one page; resolves with its sizes and what the bundle holds. */
export async function measurePage(name) {
  const esbuild = requireFromRoot('esbuild');
  const page = PAGES[name];
  const { code, notes } = compile(name, page);
  const dir = path.join(tmpDir, 'bundle');
  mkdirSync(dir, { recursive: true });
  const entry = path.join(dir, `${name}.mjs`);
  writeFileSync(entry, code);
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    define: { 'process.env.NODE_ENV': '"production"' },
    write: false,
    metafile: true,
    logLevel: 'error',
  });
  const output = result.outputFiles[0].contents;
  const contributions = Object.entries(Object.values(result.metafile.outputs)[0].inputs).filter(([, input]) => input.bytesInOutput > 0);
  const inputs = contributions.map(([file]) => file);
  return {
    name,
    label: page.label,
    minified: output.length,
    gzipped: gzipSync(output, { level: 9 }).length,
    usesFetchIntegration: /tracedFetch|\/integrations\/fetch\.js/.test(inputs.join('\n')),
    runtimeFiles: contributions
      .filter(([file]) => file.includes('runtime/dist/'))
      .map(([file, input]) => ({ file: file.replace(/.*runtime\/dist\/esm\//, ''), minified: input.bytesInOutput })),
    notes,
  };
}

/** The sizes of every page, and what tracing adds to the baseline page (min+gz). */
export async function measurePages(names = Object.keys(PAGES)) {
  const plain = await measurePage('plain');
  const results = [];
  for (const name of names) {
    const result = name === 'plain' ? plain : await measurePage(name);
    results.push({ ...result, added: result.gzipped - plain.gzipped, addedMinified: result.minified - plain.minified });
  }
  return results;
}
