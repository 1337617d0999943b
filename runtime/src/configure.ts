import { setTracer, state } from './state.js';
import type { Tracer } from './tracer.js';

/** Options of {@link configure}. */
export interface ConfigureOptions {
  /** The tracer that receives every span from now on; `null` turns tracing off. */
  tracer?: Tracer | null;
}

/** Chooses where spans go. Affects every copy of the runtime in this global scope (CommonJS and ESM alike). */
export function configure(options: ConfigureOptions): void {
  if (options.tracer !== undefined) setTracer(options.tracer);
}

/** The tracer spans currently go to, or `null` when tracing is off. */
export function getTracer(): Tracer | null {
  return state.tracer;
}

/** The context value that is active now: for the built-in tracers, the running span's `{ traceId, spanId }`. */
export function activeContext(): unknown {
  return state.context.get();
}
