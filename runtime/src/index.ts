/**
 * dd-span-runtime: what code compiled by babel-plugin-dd-span calls, and how users choose where spans go.
 *
 * The entry points `site`, `start`, `ret`, `retAsync`, `fail`, `end`, `suspend`, `resume` and `iterate` are
 * the contract with the compiler; they are public so that compiled code can reach them, not for hand use.
 */
export { site, type SpanSite } from './site.js';
export { start, ret, retAsync, fail, end, suspend, resume } from './instrument.js';
export { iterate } from './iteration.js';
export { Frame } from './frame.js';
export { configure, getTracer, activeContext, type ConfigureOptions } from './configure.js';
export type { Tracer, SpanHandle } from './tracer.js';
export type { ContextStore } from './context.js';
export { createNativeTracer, type FinishedSpan, type SpanSink, type NativeSpanContext } from './native-span.js';
export { createMemoryTracer, type MemoryTracer } from './tracers/memory.js';
export { createConsoleTracer, renderTree, type ConsoleTracerOptions } from './tracers/console.js';
export { describeError, isError, type ErrorDescription } from './errors.js';
