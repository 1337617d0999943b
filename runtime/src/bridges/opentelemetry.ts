/**
 * Directive spans as OpenTelemetry spans: created by the application's tracer provider, parented
 * to OpenTelemetry's active context, and made active in it while the function runs.
 */
import { describeError, isError } from '../errors.js';
import { resourceIsImplied } from '../resource-name.js';
import type { SpanSite } from '../site.js';
import type { SpanHandle, TraceIds, Tracer } from '../tracer.js';
import {
  isOtelContext,
  otelGlobals,
  ROOT_CONTEXT,
  SPAN_KINDS,
  STATUS_ERROR,
  type OtelApi,
  type OtelContext,
  type OtelException,
  type OtelSpan,
  type OtelSpanOptions,
  type OtelTracer,
  type OtelTracerProvider,
} from './opentelemetry-api.js';
import { createOtelContextStore } from './opentelemetry-context-store.js';
import { contextWithSpan } from './opentelemetry-span-context.js';
import { perSite } from './per-site.js';

/** Options of {@link createOpenTelemetryBridge}. */
export interface OpenTelemetryBridgeOptions {
  /**
   * The `@opentelemetry/api` module (`import * as api from '@opentelemetry/api'`); spans then go to
   * `api.trace.getTracerProvider()`. Without it (and without `tracerProvider`) the bridge finds the
   * provider that the application registered through its own copy of the API.
   */
  api?: OtelApi;
  /** A provider to use instead of the registered one. */
  tracerProvider?: OtelTracerProvider;
  /** The instrumentation scope name of the spans. Default: `dd-span`. */
  tracerName?: string;
}

const DEFAULT_TRACER_NAME = 'dd-span';

// The attributes Datadog's OTLP intake reads back into a span's top-level fields, so that a directive
// span looks the same in Datadog whether it went through dd-trace or through OpenTelemetry.
const OPERATION_NAME = 'operation.name';
const RESOURCE_NAME = 'resource.name';
const SERVICE_NAME = 'service.name';
const SPAN_TYPE = 'span.type';
const SPAN_KIND = 'span.kind';

// Built once per site and shared by all its spans: the SDK copies the attributes it is given.
const spanOptions = perSite((site): OtelSpanOptions => {
  // Spreading defines each tag as data, so a `__proto__` key stays an attribute.
  const attributes: Record<string, string> = { ...site.tags };
  attributes[OPERATION_NAME] = site.name;
  // Left out when implied: one attribute fewer for the SDK to validate and copy on every span.
  if (!resourceIsImplied(site.name, site.resource, site.tags)) attributes[RESOURCE_NAME] = site.resource;
  if (site.service !== undefined) attributes[SERVICE_NAME] = site.service;
  if (site.type !== undefined) attributes[SPAN_TYPE] = site.type;
  const kindTag = site.tags[SPAN_KIND];
  const kind = kindTag === undefined ? undefined : SPAN_KINDS.get(kindTag.toLowerCase());
  return kind === undefined ? { attributes } : { kind, attributes };
});

class OtelSpanHandle implements SpanHandle {
  private failed = false;
  private error: unknown;

  constructor(
    private readonly span: OtelSpan,
    readonly context: OtelContext,
  ) {}

  recordError(error: unknown): void {
    this.failed = true;
    this.error = error;
  }

  setTag(key: string, value: string): void {
    this.span.setAttribute(key, value);
  }

  traceIds(): TraceIds {
    const { traceId, spanId, traceFlags } = this.span.spanContext();
    // Bit 0 of the W3C trace flags: sampled.
    return { traceId, spanId, sampled: (traceFlags & 1) === 1 };
  }

  finish(): void {
    const span = this.span;
    try {
      if (this.failed) recordFailure(span, this.error);
    } finally {
      span.end();
    }
  }
}

/**
 * An `Error` goes to `recordException` itself, as a hand-written `span.recordException(err)` would
 * (the SDK also reads its `code`). When its getters throw, and for thrown values that are not errors,
 * the runtime's own safe description goes instead.
 */
function recordFailure(span: OtelSpan, error: unknown): void {
  const description = describeError(error);
  span.setStatus({ code: STATUS_ERROR, message: description.message });
  if (isError(error)) {
    try {
      span.recordException(error as Error);
      return;
    } catch {
      // A hostile getter; the description below was read without running anything that throws.
    }
  }
  const exception: OtelException = {
    name: description.type,
    message: description.message,
  };
  if (description.stack !== undefined) exception.stack = description.stack;
  span.recordException(exception);
}

function providerSource(options: OpenTelemetryBridgeOptions): () => OtelTracerProvider | undefined {
  const { api, tracerProvider } = options;
  if (tracerProvider !== undefined) return () => tracerProvider;
  if (api !== undefined) return () => api.trace.getTracerProvider();
  return () => otelGlobals()?.trace;
}

/**
 * A tracer that turns every directive span into an OpenTelemetry span. Its context store follows the
 * registered context manager: register a `DdSpanContextManager` so that spans OpenTelemetry starts
 * inside annotated functions become their children (the stock `AsyncLocalStorageContextManager` and
 * `StackContextManager` work too, through their internals). While no tracer provider is registered
 * (and none was given), spans are dropped and annotated functions run as if uninstrumented.
 */
export function createOpenTelemetryBridge(options: OpenTelemetryBridgeOptions = {}): Tracer {
  const tracerName = options.tracerName ?? DEFAULT_TRACER_NAME;
  const currentProvider = providerSource(options);
  let provider: OtelTracerProvider | undefined;
  let tracer: OtelTracer | undefined;
  return {
    contextStore: createOtelContextStore(),
    startSpan(site: SpanSite, parent: unknown): SpanHandle | null {
      const registered = currentProvider();
      if (registered === undefined) return null;
      if (registered !== provider || tracer === undefined) {
        tracer = registered.getTracer(tracerName);
        provider = registered;
      }
      const parentContext = isOtelContext(parent) ? parent : ROOT_CONTEXT;
      const span = tracer.startSpan(site.name, spanOptions(site), parentContext);
      return new OtelSpanHandle(span, contextWithSpan(parentContext, span));
    },
  };
}

/** A bridge when an OpenTelemetry tracer provider is registered globally, else `null`. */
export function detectOpenTelemetry(): Tracer | null {
  return otelGlobals()?.trace === undefined ? null : createOpenTelemetryBridge();
}
