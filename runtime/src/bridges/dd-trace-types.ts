/**
 * The parts of dd-trace's public API the bridge calls, typed structurally so the runtime needs no
 * dependency on dd-trace (its types describe the same members).
 */

/** A dd-trace span (`tracer.Span`). */
export interface DdTraceSpan {
  addTags(tags: Record<string, unknown>): unknown;
  setTag(key: string, value: unknown): unknown;
  /** `toTraceparent()` is public from dd-trace 4: `00-<trace id>-<span id>-<flags>`, the sampling decision made. */
  context(): { toTraceparent(): string };
  finish(): unknown;
}

/** `tracer.scope()`. */
export interface DdTraceScope {
  active(): DdTraceSpan | null;
  activate<T>(span: unknown, fn: () => T): T;
}

/** The dd-trace tracer: what `require('dd-trace')` returns, and `global._ddtrace` once loaded. */
export interface DdTraceTracer {
  /** `childOf` is a dd-trace span, or `null` for a root. */
  startSpan(name: string, options?: { childOf?: unknown; tags?: Record<string, unknown> }): DdTraceSpan;
  scope(): DdTraceScope;
}
