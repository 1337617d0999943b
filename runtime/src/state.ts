import { DEFAULT_CONFIG, type RuntimeConfig } from './config.js';
import { createVariableStore, type ContextStore } from './context.js';
import type { Tracer } from './tracer.js';

/** Everything the runtime remembers. One object per global scope, whichever build loaded first. */
export interface RuntimeState {
  tracer: Tracer | null;
  /** The active tracer's store, or `ownContext`. Always changed through `setTracer`. */
  context: ContextStore;
  /** The runtime's own store: AsyncLocalStorage in Node (see environment.ts), a variable elsewhere. */
  ownContext: ContextStore;
  /** The configuration: defaults, then the environment's (Node), then `configure`'s overrides. */
  config: RuntimeConfig;
  /** True once the Node entry set up the environment's variables and AsyncLocalStorage (see environment.ts). */
  nodeSetUp?: boolean;
  /**
   * Looks for a tracer to choose automatically (dd-trace, OpenTelemetry, an OTLP endpoint); set by
   * the Node entry, cleared once a tracer is chosen, automatically or by hand.
   */
  autoSelect?: (() => void) | undefined;
  /** True once automatic selection has started in this global scope (by either build). */
  autoSelectStarted?: boolean;
}

// The CommonJS and ESM builds are two module instances; a registered symbol on the global object
// makes them share one state (the dual-package hazard), as Node's own docs recommend.
const KEY = Symbol.for('dd-span-runtime.state');

type GlobalWithState = typeof globalThis & { [KEY]?: RuntimeState };

// The Node entry reads the environment and brings AsyncLocalStorage (environment.ts), not this
// module: browser bundles, which have neither, then carry none of that code.
function createState(): RuntimeState {
  const ownContext = createVariableStore();
  return { tracer: null, context: ownContext, ownContext, config: DEFAULT_CONFIG };
}

const holder = globalThis as GlobalWithState;

/** The shared runtime state. */
export const state: RuntimeState = holder[KEY] ?? (holder[KEY] = createState());

/** With `DD_TRACE_DEBUG` on, explains a decision (a dropped span, a bridge not chosen). */
export function debug(message: () => string): void {
  if (state.config.debug) console.error(`dd-span-runtime: ${message()}`);
}

/**
 * Makes `tracer` the one every span goes to (`null`: tracing off), with the context store it brings.
 * With `DD_TRACE_ENABLED=false` no tracer is ever installed, so every instrumented call stays a no-op.
 * A choice made this way is final: automatic selection stops.
 */
export function setTracer(tracer: Tracer | null): void {
  state.autoSelect = undefined;
  state.autoSelectStarted = true;
  installTracer(tracer);
}

/** Installs `tracer` without ending automatic selection (which calls this itself). */
export function installTracer(tracer: Tracer | null): void {
  if (tracer !== null && !state.config.enabled) {
    debug(() => 'DD_TRACE_ENABLED is false: the tracer was not installed, and no span will be recorded.');
    tracer = null;
  }
  state.tracer = tracer;
  state.context = tracer?.contextStore ?? state.ownContext;
}
