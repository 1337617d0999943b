/**
 * `dd-span-runtime/otlp` in browsers (the `browser` export condition): the same exporter without
 * what only Node uses, which a page would download for nothing: no environment variables (a page
 * has none; service, env and version come from the options or `configure()`), no Node http module
 * (requests go through `fetch`), and a compact encoder in place of Node's fast one (a page sends few spans).
 */
import { resolveSettings, type OtlpExporterOptions } from './otlp-config.js';
import { createExporter, tracerFor, type OtlpExporter, type OtlpTracer } from './otlp-exporter.js';
import { encodeCompact } from './otlp-json-compact.js';
import { postWithFetch } from './otlp-post.js';

export type { OtlpExporter, OtlpExporterStats, OtlpTracer } from './otlp-exporter.js';
export type { OtlpExporterOptions } from './otlp-config.js';

/** Creates an exporter. Throws only when the endpoint is not an http(s) URL. */
export function createOtlpExporter(options: OtlpExporterOptions = {}): OtlpExporter {
  return createExporter(options, resolveSettings(options), postWithFetch, encodeCompact);
}

/** Creates an exporter and a tracer that feeds it. Throws only when the endpoint is not an http(s) URL. */
export function createOtlpTracer(options?: OtlpExporterOptions): OtlpTracer {
  return tracerFor(createOtlpExporter(options));
}
