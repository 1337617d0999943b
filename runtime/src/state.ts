import { createContextStore, type ContextStore } from './context.js';
import type { Tracer } from './tracer.js';

/** Everything the runtime remembers. One object per global scope, whichever build loaded first. */
export interface RuntimeState {
  tracer: Tracer | null;
  /** The active tracer's store, or `ownContext`. Always changed through `setTracer`. */
  context: ContextStore;
  /** The runtime's own store: AsyncLocalStorage in Node, a variable elsewhere. */
  readonly ownContext: ContextStore;
  /** Why things were dropped, for `DD_TRACE_DEBUG` and tests. */
  readonly counters: { internalErrors: number };
}

// The CommonJS and ESM builds are two module instances; a registered symbol on the global object
// makes them share one state (the dual-package hazard), as Node's own docs recommend.
const KEY = Symbol.for('dd-span-runtime.state');

type GlobalWithState = typeof globalThis & { [KEY]?: RuntimeState };

function createState(): RuntimeState {
  const ownContext = createContextStore();
  return { tracer: null, context: ownContext, ownContext, counters: { internalErrors: 0 } };
}

const holder = globalThis as GlobalWithState;

/** The shared runtime state. */
export const state: RuntimeState = holder[KEY] ?? (holder[KEY] = createState());

/** Makes `tracer` the one every span goes to (`null`: tracing off), with the context store it brings. */
export function setTracer(tracer: Tracer | null): void {
  state.tracer = tracer;
  state.context = tracer?.contextStore ?? state.ownContext;
}
