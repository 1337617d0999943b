/**
 * Batches finished spans and POSTs them as OTLP/HTTP JSON. One request at a time; a bounded queue in
 * front of it. Nothing here throws into the caller or leaves a promise to reject unhandled: every
 * failure ends as a count in `stats()`.
 */
import { createNativeTracer, type FinishedSpan, type SpanSink } from '../native-span.js';
import { debug } from '../state.js';
import type { Tracer } from '../tracer.js';
import { onLastChance } from './exit-hooks.js';
import type { OtlpExporterOptions, OtlpSettings, ResourceAttribute } from './otlp-config.js';
import { later, type Post } from './otlp-post.js';

/**
 * Finished spans → the request body (UTF-8 OTLP/HTTP JSON). `service` is the `service.name` of spans
 * that name none themselves, `resource` the other resource attributes. Each entry brings its own:
 * Node's is built for throughput (otlp-json.ts), the browser's for size (otlp-json-compact.ts). It
 * throws only for a span that breaks the FinishedSpan contract.
 */
export type Encode = (spans: readonly FinishedSpan[], service: string, resource: readonly ResourceAttribute[]) => Uint8Array;

/** What happened to the spans handed to an exporter so far. */
export interface OtlpExporterStats {
  /** Spans the endpoint accepted. */
  exported: number;
  /** Spans refused because the queue was full (or the exporter shut down). */
  dropped: number;
  /** Spans given up on: refused with a 4xx, or still failing after the last attempt. */
  failed: number;
  /** Requests sent again after a network error, a timeout, a 429 or a 5xx. */
  retried: number;
  /** Spans waiting in the queue now. */
  queued: number;
}

/** A span sink that sends to an OTLP/HTTP endpoint. */
export interface OtlpExporter {
  /** Where requests go. */
  readonly endpoint: string;
  /** Queues one finished span: give it to `createNativeTracer`. */
  readonly sink: SpanSink;
  /** Sends everything queued now; resolves when those requests are done, never rejects. */
  forceFlush(): Promise<void>;
  /** Drops every later span, flushes, then removes the exit hooks. Never rejects. */
  shutdown(): Promise<void>;
  stats(): OtlpExporterStats;
}

/** A tracer whose spans go to an OTLP exporter, which it also is (`forceFlush`, `shutdown`, `stats`). */
export interface OtlpTracer extends Tracer, OtlpExporter {}

/** The tracer that feeds `exporter`. */
export function tracerFor(exporter: OtlpExporter): OtlpTracer {
  return { ...exporter, startSpan: createNativeTracer(exporter.sink).startSpan };
}

/**
 * An exporter with these settings (resolved by the entry: options, then what its platform offers),
 * encoding with `encodeRequest` and sending with `post`.
 */
export function createExporter(options: OtlpExporterOptions, settings: OtlpSettings, post: Post, encodeRequest: Encode): OtlpExporter {
  const { endpoint, headers, service, resource } = settings;
  const {
    maxQueueSize = 2048,
    maxBatchSize = 512,
    scheduledDelayMillis = 5000,
    exportTimeoutMillis = 10000,
    retryDelayMillis = 1000,
    exitTimeoutMillis = 2000,
  } = options;
  const counts = { exported: 0, dropped: 0, failed: 0, retried: 0 };
  // Spans wait here as they finished: they are encoded only when sent, so a dropped one costs nothing.
  const queue: FinishedSpan[] = [];
  let timer: ReturnType<typeof later> | undefined;
  let running: Promise<void> | undefined;
  let closed = false;
  // Non-zero while exiting: no request may outlast it, and nothing is retried.
  let deadline = 0;
  // Ends the wait before a retry, when the exit flush cannot afford it.
  let wake: (() => void) | undefined;

  const encode = (spans: FinishedSpan[]) => encodeRequest(spans, service, resource);
  const send = (body: Uint8Array, keepalive?: boolean) =>
    post(endpoint, headers, body, deadline ? deadline - Date.now() : exportTimeoutMillis, keepalive);

  // With DD_TRACE_DEBUG, each failed request and each new run of drops is reported with the totals.
  let reportedDrops = 0;
  const settle = (status: number, count: number) => {
    const ok = status > 199 && status < 300;
    if (ok) counts.exported += count;
    else counts.failed += count;
    if (!ok || counts.dropped > reportedDrops) {
      reportedDrops = counts.dropped;
      debug(() => `OTLP export: HTTP ${status || 'error'}; spans failed ${counts.failed}, dropped ${reportedDrops} (queue full)`);
    }
  };

  const sendBatch = async (batch: FinishedSpan[]): Promise<void> => {
    let body: Uint8Array;
    try {
      body = encode(batch);
    } catch {
      // Only a span that breaks the FinishedSpan contract (a hand-made one, say) gets here.
      return settle(0, batch.length);
    }
    for (let attempt = 1; ; attempt++) {
      const status = await send(body);
      // Five attempts in all; none while exiting.
      if (!(status === 0 || status === 429 || status > 499) || attempt > 4 || deadline) {
        return settle(status, batch.length);
      }
      counts.retried++;
      await new Promise((resolve) => later((wake = resolve as () => void), retryDelayMillis * 2 ** attempt * (0.25 + Math.random() / 2)));
    }
  };

  const sendAll = async (): Promise<void> => {
    try {
      while (queue.length > 0) await sendBatch(queue.splice(0, maxBatchSize));
    } catch {
      // sendBatch() contains its own failures; this only guarantees `running` never rejects.
    }
    running = undefined;
    deadline = 0;
  };

  /** Sends until the queue is empty, one request at a time. Concurrent callers share the run. */
  const drain = (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    // Starting on a later tick guarantees `running` is assigned before sendAll can clear it.
    return (running ??= Promise.resolve().then(sendAll));
  };

  const sink: SpanSink = (span) => {
    if (closed || queue.length >= maxQueueSize) counts.dropped++;
    else if (queue.push(span) < maxBatchSize) timer ??= later(drain, scheduledDelayMillis);
    // A full batch goes now, or as soon as the request in flight is done.
    else if (!running) void drain();
  };

  // Also when only a retry is waiting: its timer does not keep Node alive, so without this the batch
  // would be lost, and a pending `await shutdown()` would never settle.
  const beforeExit = () => {
    if (queue.length > 0 || running) {
      deadline ||= Date.now() + exitTimeoutMillis;
      wake?.();
      void drain();
    }
  };

  // The page may be gone before a response arrives: everything goes out at once, with keepalive, in
  // bodies small enough for the browser's keepalive quota, and is counted when (if) it settles.
  const pageHidden = () => {
    let size = maxBatchSize;
    while (queue.length > 0) {
      const body = encode(queue.slice(0, size));
      // Browsers refuse a keepalive request once the page's keepalive bodies exceed 64 KiB (in bytes).
      if (body.length > 60000 && size > 1) size >>= 1;
      else {
        const count = queue.splice(0, size).length;
        void send(body, true).then((status) => settle(status, count));
      }
    }
  };

  const removeHooks = onLastChance(beforeExit, () => {
    try {
      pageHidden();
    } catch {
      // A throw from an event listener would reach the page's error handlers.
    }
  });

  const forceFlush = async (): Promise<void> => {
    await running;
    await drain();
  };

  return {
    endpoint,
    sink,
    forceFlush,
    shutdown: async () => {
      closed = true;
      // The hooks stay until the end: a retry waiting during shutdown still needs `beforeExit`.
      await forceFlush();
      removeHooks();
    },
    stats: () => ({ ...counts, queued: queue.length }),
  };
}
