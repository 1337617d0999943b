/**
 * dd-span-runtime: what code compiled by babel-plugin-dd-span calls, and how users choose where spans go.
 *
 * `instrumentation` is the contract with the compiler: it is public so that compiled code can reach it,
 * not for hand use.
 */
import * as instrument from './instrument.js';
import { iterate } from './iteration.js';
import { site } from './site.js';

/**
 * The entry points compiled code calls, as one frozen plain object. Compiled code reaches it once per
 * module (`import { instrumentation as _ddSpan }` or `require(...).instrumentation`), and every call
 * then loads a property of a fast object: a CommonJS `exports` object (a dictionary, full of getters)
 * or a bundler's module object would put a getter or a dictionary lookup on every instrumented call.
 */
export const instrumentation = Object.freeze({
  site,
  start: instrument.start,
  ret: instrument.ret,
  retAsync: instrument.retAsync,
  // Called by the catch of code compiled by earlier plugin versions (a bundler's cache may hold it).
  fail: instrument.fail,
  end: instrument.end,
  suspend: instrument.suspend,
  resume: instrument.resume,
  suspendOnExit: instrument.suspendOnExit,
  iterate,
});

/**
 * The integrations' entry points for compiled code, and the fetch integration's run-time settings.
 * Separate named exports, not members of `instrumentation`, so that a bundle whose code calls no
 * `fetch`, or hands no callback over, leaves them out (the package declares no side effects).
 */
export { bind } from './integrations/bind.js';
export { tracedFetch, configureFetch, type FetchOptions, type FetchSiteOptions, type TracingUrlMatcher } from './integrations/fetch.js';

export type { SpanSite, BuildDefaults } from './site.js';
export { Frame } from './frame.js';
export { configure, getTracer, activeContext, type ConfigureOptions } from './configure.js';
export type { Tracer, SpanHandle, TraceIds } from './tracer.js';
export type { ContextStore } from './context.js';
export { createNativeTracer, type FinishedSpan, type SpanSink, type NativeSpanContext } from './native-span.js';
export { createMemoryTracer, type MemoryTracer } from './tracers/memory.js';
export { createConsoleSink, createConsoleTracer, renderTree, type ConsoleTracerOptions } from './tracers/console.js';
export { describeError, isError, type ErrorDescription } from './errors.js';
