/**
 * `import 'dd-span-runtime/testing'` (or `require`) makes an in-memory recorder the active tracer, so a
 * test can call instrumented code and then assert on `getFinishedSpans()`.
 */
import { setUpFromNode } from './environment.js';
import { setTracer } from './state.js';
import { createMemoryTracer, type MemoryTracer } from './tracers/memory.js';

export type { FinishedSpan } from './native-span.js';

// Both builds of this entry must share one recorder, as they share the runtime state.
const KEY = Symbol.for('dd-span-runtime.testing');
const holder = globalThis as typeof globalThis & { [KEY]?: MemoryTracer };
const recorder: MemoryTracer = holder[KEY] ?? (holder[KEY] = createMemoryTracer());

// Imported first (before 'dd-span-runtime'), this entry still honours DD_TRACE_ENABLED=false.
setUpFromNode();
setTracer(recorder);

/** The spans finished since the last reset, in finish order. */
export const getFinishedSpans = recorder.getFinishedSpans;
/** Forgets the recorded spans. */
export const resetSpans = recorder.resetSpans;
/** The recorder itself, to make it the tracer again after a test changed it: `configure({ tracer: recorder })`. */
export { recorder };
