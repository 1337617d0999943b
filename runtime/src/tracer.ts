import type { ContextStore } from './context.js';
import type { SpanSite } from './site.js';

/**
 * A span as the runtime drives it. Bridges (dd-trace, OpenTelemetry) and the built-in tracers each
 * provide their own; the runtime only ever calls these three members, and always inside a guard.
 */
export interface SpanHandle {
  /** The value that becomes the active context while the instrumented function runs. */
  readonly context: unknown;
  /** Records a thrown, rejected or returned error. Called at most a few times per span; the last one wins. */
  recordError(error: unknown): void;
  /** Ends the span. Called exactly once. */
  finish(): void;
  /**
   * Adds a tag known only after the span started (the fetch integration's `http.status_code`).
   * Optional: a tracer without it loses such tags, nothing else.
   */
  setTag?(key: string, value: string): void;
  /**
   * The ids another service needs to continue this span's trace (the fetch integration injects them
   * as W3C and Datadog headers). Optional: without it, no headers are injected.
   */
  traceIds?(): TraceIds | undefined;
}

/** A span's place in its trace, as propagated to other services. */
export interface TraceIds {
  /** 32 lowercase hex digits. */
  readonly traceId: string;
  /** 16 lowercase hex digits. */
  readonly spanId: string;
  /** Whether the trace is kept: other services follow this decision. */
  readonly sampled: boolean;
}

/** Creates spans. `parent` is whatever context value is active when the instrumented function starts. */
export interface Tracer {
  /** Returns `null` to drop the span (the function then runs with no instrumentation at all). */
  startSpan(site: SpanSite, parent: unknown): SpanHandle | null;
  /**
   * Where this tracer keeps the active span, when it has its own (dd-trace's scope, OpenTelemetry's
   * context manager). Without one, the runtime's own store is used.
   */
  readonly contextStore?: ContextStore;
}
