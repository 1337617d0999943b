/**
 * dd-span-runtime/opentelemetry: directive spans as OpenTelemetry spans, in Node and in browsers.
 *
 * ```js
 * import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
 * import { configure } from 'dd-span-runtime';
 * import { createOpenTelemetryBridge, DdSpanContextManager } from 'dd-span-runtime/opentelemetry';
 *
 * const provider = new NodeTracerProvider({ spanProcessors: [...] });
 * provider.register({ contextManager: new DdSpanContextManager() });
 * configure({ tracer: createOpenTelemetryBridge() });
 * ```
 *
 * Nothing here imports `@opentelemetry/api`: the bridge reaches the application's tracer provider
 * and context manager through the API's global registration, or through an `api` option.
 */
export {
  createOpenTelemetryBridge,
  detectOpenTelemetry,
  type OpenTelemetryBridgeOptions,
} from './bridges/opentelemetry.js';
export { DdSpanContextManager } from './bridges/opentelemetry-context-manager.js';
export { contextSharing, type OtelContextSharing } from './bridges/opentelemetry-context-store.js';
export type {
  OtelApi,
  OtelContext,
  OtelContextManager,
  OtelException,
  OtelSpan,
  OtelSpanOptions,
  OtelTracer,
  OtelTracerProvider,
} from './bridges/opentelemetry-api.js';
