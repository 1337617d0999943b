import type { RuntimeConfig } from './config.js';
import { setTracer, state } from './state.js';
import type { Tracer } from './tracer.js';

/** Options of {@link configure}. Each one given overrides its environment variable. */
export interface ConfigureOptions {
  /** The tracer that receives every span from now on; `null` turns tracing off. */
  tracer?: Tracer | null;
  /** Overrides `DD_SERVICE`. */
  service?: string;
  /** Overrides `DD_ENV`. */
  env?: string;
  /** Overrides `DD_VERSION`. */
  version?: string;
  /** Overrides `DD_TRACE_SAMPLE_RATE`: a number from 0 to 1. */
  sampleRate?: number;
  /** Overrides `DD_TRACE_DEBUG`. */
  debug?: boolean;
}

const isString = (value: unknown) => typeof value === 'string' || 'a string';

// Each option's check: true, or what the option accepts, in words for the error. (A tracer is not
// checked here: the runtime contains whatever its methods do.)
const OPTIONS: Record<string, (value: unknown) => true | string> = {
  tracer: () => true,
  service: isString,
  env: isString,
  version: isString,
  sampleRate: (rate) => (typeof rate === 'number' && rate >= 0 && rate <= 1) || 'a number from 0 to 1',
  debug: (value) => typeof value === 'boolean' || 'true or false',
};

/**
 * Chooses where spans go and overrides configuration from the environment. Affects every copy of the
 * runtime in this global scope (CommonJS and ESM alike). Invalid options throw a TypeError that names
 * the option: this is set-up code, run once, where a mistake should be loud.
 */
export function configure(options: ConfigureOptions): void {
  const { tracer, ...overrides } = options as Record<string, unknown>;
  for (const key of Object.keys(options)) {
    const value = (options as Record<string, unknown>)[key];
    if (!Object.hasOwn(OPTIONS, key)) throw new TypeError(`dd-span-runtime: unknown configure option \`${key}\`; accepted: ${Object.keys(OPTIONS).join(', ')}.`);
    const accepted = value === undefined || OPTIONS[key]!(value);
    if (accepted !== true) throw new TypeError(`dd-span-runtime: configure({ ${key} }) must be ${accepted}; got ${String(value)}.`);
    if (value === undefined) delete overrides[key];
  }
  state.config = { ...state.config, ...(overrides as Partial<RuntimeConfig>) };
  if (tracer !== undefined) setTracer(tracer as Tracer | null);
}

/** The tracer spans currently go to, or `null` when tracing is off. */
export function getTracer(): Tracer | null {
  return state.tracer;
}

/** The context value that is active now: for the built-in tracers, the running span's `{ traceId, spanId }`. */
export function activeContext(): unknown {
  return state.context.get();
}
