import { describeError, type ErrorDescription } from './errors.js';
import { newSpanId, newTraceId } from './ids.js';
import type { SpanSite } from './site.js';
import { debug, state } from './state.js';
import type { SpanHandle, Tracer } from './tracer.js';

/** A finished span as the built-in tracers hand it on. This shape is the `dd-span-runtime/testing` contract. */
export interface FinishedSpan {
  name: string;
  resource: string;
  /** The directive's `service.name`, else `DD_SERVICE` (or `configure({ service })`). */
  service: string | undefined;
  type: string | undefined;
  /**
   * Directive tags, `env` and `version` when configured (`DD_ENV`, `DD_VERSION`), and `error.type`,
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

function isNativeSpanContext(value: unknown): value is NativeSpanContext {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as NativeSpanContext).traceId === 'string' &&
    typeof (value as NativeSpanContext).spanId === 'string'
  );
}

const clock = globalThis.performance;
const timeOrigin = clock.timeOrigin;

class NativeSpan implements SpanHandle, NativeSpanContext {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentId: string | null;
  private readonly startedAt: number;
  private failure: ErrorDescription | undefined;

  constructor(
    private readonly site: SpanSite,
    parent: unknown,
    private readonly sink: SpanSink,
  ) {
    if (isNativeSpanContext(parent)) {
      this.traceId = parent.traceId;
      this.parentId = parent.spanId;
    } else {
      this.traceId = newTraceId();
      this.parentId = null;
    }
    this.spanId = newSpanId();
    this.startedAt = clock.now();
  }

  get context(): NativeSpanContext {
    return this;
  }

  recordError(error: unknown): void {
    this.failure = describeError(error);
  }

  finish(): void {
    const duration = clock.now() - this.startedAt;
    const site = this.site;
    const config = state.config;
    const tags: Record<string, string> = { ...site.tags };
    if (config.env !== undefined) tags.env = config.env;
    if (config.version !== undefined) tags.version = config.version;
    const failure = this.failure;
    if (failure !== undefined) {
      tags['error.type'] = failure.type;
      tags['error.message'] = failure.message;
      if (failure.stack !== undefined) tags['error.stack'] = failure.stack;
    }
    this.sink({
      name: site.name,
      resource: site.resource,
      service: site.service ?? config.service,
      type: site.type,
      tags,
      error: failure === undefined ? 0 : 1,
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
const DROPPED_CONTEXT = Object.freeze({ sampled: false });
const DROPPED: SpanHandle = Object.freeze({ context: DROPPED_CONTEXT, recordError() {}, finish() {} });

/**
 * A tracer that builds spans itself and gives each finished one to `sink`. Whole traces are sampled
 * at their root with `DD_TRACE_SAMPLE_RATE` (or `configure({ sampleRate })`); children follow.
 */
export function createNativeTracer(sink: SpanSink): Tracer {
  return {
    startSpan(site, parent) {
      if (parent === DROPPED_CONTEXT) return DROPPED;
      if (!isNativeSpanContext(parent)) {
        const rate = state.config.sampleRate;
        if (rate < 1 && !(Math.random() < rate)) {
          debug(() => `trace of "${site.name}" dropped by sampling (DD_TRACE_SAMPLE_RATE=${rate}).`);
          return DROPPED;
        }
      }
      return new NativeSpan(site, parent, sink);
    },
  };
}
