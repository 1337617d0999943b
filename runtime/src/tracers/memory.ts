import { createNativeTracer, type FinishedSpan } from '../native-span.js';
import type { Tracer } from '../tracer.js';

/** A tracer that keeps every finished span in memory, in finish order. */
export interface MemoryTracer extends Tracer {
  /** The finished spans, oldest first. The array is a copy. */
  getFinishedSpans(): FinishedSpan[];
  /** Forgets every finished span. */
  resetSpans(): void;
}

/** Creates an in-memory recorder. Meant for tests: it keeps everything until `resetSpans()`. */
export function createMemoryTracer(): MemoryTracer {
  let finished: FinishedSpan[] = [];
  const tracer = createNativeTracer((span) => {
    finished.push(span);
  });
  return {
    startSpan: tracer.startSpan,
    getFinishedSpans: () => finished.slice(),
    resetSpans: () => {
      finished = [];
    },
  };
}
