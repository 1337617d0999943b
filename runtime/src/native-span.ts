import { describeError, type ErrorDescription } from './errors.js';
import { newSpanId, newTraceId } from './ids.js';
import type { SpanSite } from './site.js';
import { debug, state } from './state.js';
import type { SpanHandle, TraceIds, Tracer } from './tracer.js';

/** A finished span as the built-in tracers hand it on. This shape is the `dd-span-runtime/testing` contract. */
export interface FinishedSpan {
  name: string;
  resource: string;
  /** The directive's `service.name`, else `DD_SERVICE` (or `configure({ service })`), else the build's. */
  service: string | undefined;
  type: string | undefined;
  /**
   * Directive tags, tags an integration added (`http.status_code`), `env` and `version` when
   * configured (`DD_ENV`, `DD_VERSION`, else the build's), and `error.type`,
   * `error.message` and `error.stack` when an error was recorded.
   */
  tags: Record<string, string>;
  error: 0 | 1;
  /** 32 lowercase hex digits. */
  traceId: string;
  /** 16 lowercase hex digits. */
  spanId: string;
  /** The parent's span id, or `null` for a root span. */
  parentId: string | null;
  /** Milliseconds since the epoch, with sub-millisecond precision. */
  start: number;
  /** Milliseconds. */
  duration: number;
}

/** Receives each span once it has finished. It runs inside the runtime's guard: a throw is contained. */
export type SpanSink = (span: FinishedSpan) => void;

/** The part of a native span that children need: it is also the context value while the span is active. */
export interface NativeSpanContext {
  readonly traceId: string;
  readonly spanId: string;
}

// Marked pure, as are the constants below: a bundle that uses no built-in tracer leaves them out.
const clock = /* @__PURE__ */ (() => globalThis.performance)();
const timeOrigin = /* @__PURE__ */ (() => clock.timeOrigin)();
const ERROR_FIELDS = ['type', 'message', 'stack'] as const;

class NativeSpan implements SpanHandle, NativeSpanContext {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentId: string | null;
  private readonly startedAt: number;
  private failure: ErrorDescription | undefined;
  // Without a prototype, any key (`__proto__` too) is only data.
  private added: Record<string, string> | undefined;

  constructor(
    private readonly site: SpanSite,
    /** The parent span, already recognised by the tracer; `null` for a root. */
    parent: NativeSpanContext | null,
    private readonly sink: SpanSink,
  ) {
    this.traceId = parent ? parent.traceId : newTraceId();
    this.parentId = parent ? parent.spanId : null;
    this.spanId = newSpanId();
    this.startedAt = clock.now();
  }

  get context(): NativeSpanContext {
    return this;
  }

  recordError(error: unknown): void {
    this.failure = describeError(error);
  }

  setTag(key: string, value: string): void {
    (this.added ??= Object.create(null) as Record<string, string>)[key] = value;
  }

  traceIds(): TraceIds {
    return { traceId: this.traceId, spanId: this.spanId, sampled: true };
  }

  finish(): void {
    const duration = clock.now() - this.startedAt;
    const site = this.site;
    const config = state.config;
    const built = site.defaults;
    const tags: Record<string, string> = { ...site.tags, ...this.added };
    const env = config.env ?? built?.env;
    const version = config.version ?? built?.version;
    if (env !== undefined) tags.env = env;
    if (version !== undefined) tags.version = version;
    const failure = this.failure;
    // `error.type`, `error.message` and, when there is one, `error.stack`.
    if (failure) for (const key of ERROR_FIELDS) if (failure[key] !== undefined) tags[`error.${key}`] = failure[key]!;
    this.sink({
      name: site.name,
      resource: site.resource,
      service: site.service ?? config.service ?? built?.service,
      type: site.type,
      tags,
      error: failure ? 1 : 0,
      traceId: this.traceId,
      spanId: this.spanId,
      parentId: this.parentId,
      start: timeOrigin + this.startedAt,
      duration,
    });
  }
}

// A trace the sampler dropped: one shared handle whose context marks its children as dropped too,
// so a dropped call costs the frame and the context switch, and nothing else.
const DROPPED_CONTEXT = /* @__PURE__ */ Object.freeze({ sampled: false });
const DROPPED: SpanHandle = /* @__PURE__ */ Object.freeze({ context: DROPPED_CONTEXT, recordError() {}, finish() {} });

/**
 * A tracer that builds spans itself and gives each finished one to `sink`. Whole traces are sampled
 * at their root with `DD_TRACE_SAMPLE_RATE` (or `configure({ sampleRate })`); children follow.
 */
export function createNativeTracer(sink: SpanSink): Tracer {
  return {
    startSpan(site, parent) {
      if (parent === DROPPED_CONTEXT) return DROPPED;
      // Children of a native span follow their root's decision; a root is sampled here. (`?.` reads
      // nothing from null or undefined, and primitives have no such properties.)
      const context = parent as NativeSpanContext | undefined;
      if (typeof context?.traceId === 'string' && typeof context.spanId === 'string') return new NativeSpan(site, context, sink);
      const rate = state.config.sampleRate;
      if (rate < 1 && (rate === 0 || !(Math.random() < rate))) {
        if (state.config.debug) debug(() => `trace of "${site.name}" dropped by sampling (DD_TRACE_SAMPLE_RATE=${rate}).`);
        // At rate 0 no span below can be kept either, so there is no dropped trace to mark: the
        // call runs as if untraced, without entering a context (nothing to restore at its end).
        return rate === 0 ? null : DROPPED;
      }
      return new NativeSpan(site, null, sink);
    },
  };
}
