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

const KEYS = ['tracer', 'service', 'env', 'version', 'sampleRate', 'debug'];

function invalid(option: string, accepted: string, value: unknown): never {
  throw new TypeError(`dd-span-runtime: configure({ ${option} }) must be ${accepted}; got ${String(value)}.`);
}

function checked(options: ConfigureOptions): Partial<RuntimeConfig> {
  const overrides: { -readonly [K in keyof RuntimeConfig]?: RuntimeConfig[K] } = {};
  for (const key of Object.keys(options)) {
    if (!KEYS.includes(key)) throw new TypeError(`dd-span-runtime: unknown configure option \`${key}\`; accepted: ${KEYS.join(', ')}.`);
  }
  for (const key of ['service', 'env', 'version'] as const) {
    const value = options[key];
    if (value === undefined) continue;
    if (typeof value !== 'string') invalid(key, 'a string', value);
    overrides[key] = value;
  }
  if (options.sampleRate !== undefined) {
    const rate = options.sampleRate;
    if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) invalid('sampleRate', 'a number from 0 to 1', rate);
    overrides.sampleRate = rate;
  }
  if (options.debug !== undefined) {
    if (typeof options.debug !== 'boolean') invalid('debug', 'true or false', options.debug);
    overrides.debug = options.debug;
  }
  return overrides;
}

/**
 * Chooses where spans go and overrides configuration from the environment. Affects every copy of the
 * runtime in this global scope (CommonJS and ESM alike). Invalid options throw a TypeError that names
 * the option: this is set-up code, run once, where a mistake should be loud.
 */
export function configure(options: ConfigureOptions): void {
  const overrides = checked(options);
  state.config = { ...state.config, ...overrides };
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
