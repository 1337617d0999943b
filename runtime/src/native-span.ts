import { describeError, type ErrorDescription } from './errors.js';
import { newSpanId, newTraceId } from './ids.js';
import type { SpanSite } from './site.js';
import type { SpanHandle, Tracer } from './tracer.js';

/** A finished span as the built-in tracers hand it on. This shape is the `dd-span-runtime/testing` contract. */
export interface FinishedSpan {
  name: string;
  resource: string;
  service: string | undefined;
  type: string | undefined;
  /** Directive tags plus `error.type`, `error.message` and `error.stack` when an error was recorded. */
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
    const tags: Record<string, string> = { ...site.tags };
    const failure = this.failure;
    if (failure !== undefined) {
      tags['error.type'] = failure.type;
      tags['error.message'] = failure.message;
      if (failure.stack !== undefined) tags['error.stack'] = failure.stack;
    }
    this.sink({
      name: site.name,
      resource: site.resource,
      service: site.service,
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

/** A tracer that builds spans itself and gives each finished one to `sink`. */
export function createNativeTracer(sink: SpanSink): Tracer {
  return { startSpan: (site, parent) => new NativeSpan(site, parent, sink) };
}
