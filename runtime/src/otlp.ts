/**
 * `dd-span-runtime/otlp`: a built-in OTLP/HTTP JSON exporter, for apps with neither dd-trace nor the
 * OpenTelemetry SDK, and for browsers. Both the OpenTelemetry Collector and the Datadog Agent
 * (OTLP/HTTP on port 4318) accept what it sends.
 *
 * ```js
 * import { configure } from 'dd-span-runtime';
 * import { createOtlpTracer } from 'dd-span-runtime/otlp';
 * configure({ tracer: createOtlpTracer({ serviceName: 'checkout' }) });
 * ```
 */
import { setUpFromNode } from './environment.js';
import { createNativeTracer } from './native-span.js';
import type { Tracer } from './tracer.js';
import { createOtlpExporter, type OtlpExporter } from './exporters/otlp-exporter.js';
import type { OtlpExporterOptions } from './exporters/otlp-config.js';

export { createOtlpExporter, type OtlpExporter, type OtlpExporterStats } from './exporters/otlp-exporter.js';
export type { OtlpExporterOptions } from './exporters/otlp-config.js';

// The exporter falls back on DD_SERVICE, DD_ENV and DD_VERSION, also when this entry is imported
// without the main one.
setUpFromNode();

/** A tracer whose spans go to an OTLP exporter, which it also is (`forceFlush`, `shutdown`, `stats`). */
export interface OtlpTracer extends Tracer, OtlpExporter {}

/** Creates an exporter and a tracer that feeds it. Throws only when the endpoint is not an http(s) URL. */
export function createOtlpTracer(options?: OtlpExporterOptions): OtlpTracer {
  const exporter = createOtlpExporter(options);
  return { ...exporter, startSpan: createNativeTracer(exporter.sink).startSpan };
}
