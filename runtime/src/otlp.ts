/**
 * `dd-span-runtime/otlp`: a built-in OTLP/HTTP JSON exporter, for apps with neither dd-trace nor the
 * OpenTelemetry SDK, and for browsers (which get exporters/otlp-browser.ts, without what only Node
 * uses). Both the OpenTelemetry Collector and the Datadog Agent (OTLP/HTTP on port 4318) accept
 * what it sends.
 *
 * ```js
 * import { configure } from 'dd-span-runtime';
 * import { createOtlpTracer } from 'dd-span-runtime/otlp';
 * configure({ tracer: createOtlpTracer({ serviceName: 'checkout' }) });
 * ```
 */
import { resolveSettings, type OtlpExporterOptions } from './exporters/otlp-config.js';
import { environmentFallbacks } from './exporters/otlp-env.js';
import { createExporter, tracerFor, type OtlpExporter, type OtlpTracer } from './exporters/otlp-exporter.js';
import { encodeRequest } from './exporters/otlp-json.js';
import { postFromNode } from './exporters/otlp-post-node.js';

export type { OtlpExporter, OtlpExporterStats, OtlpTracer } from './exporters/otlp-exporter.js';
export type { OtlpExporterOptions } from './exporters/otlp-config.js';

/**
 * Creates an exporter. Options not given fall back on the environment variables (README, "Built-in
 * OTLP exporter"). Throws only when the endpoint is not an http(s) URL.
 */
export function createOtlpExporter(options: OtlpExporterOptions = {}): OtlpExporter {
  return createExporter(options, resolveSettings(options, environmentFallbacks(options)), postFromNode, encodeRequest);
}

/** Creates an exporter and a tracer that feeds it. Throws only when the endpoint is not an http(s) URL. */
export function createOtlpTracer(options?: OtlpExporterOptions): OtlpTracer {
  return tracerFor(createOtlpExporter(options));
}
