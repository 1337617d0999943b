import { createContextStore, type ContextStore } from './context.js';
import type { Tracer } from './tracer.js';

/** Everything the runtime remembers. One object per global scope, whichever build loaded first. */
export interface RuntimeState {
  tracer: Tracer | null;
  readonly context: ContextStore;
  /** Why things were dropped, for `DD_TRACE_DEBUG` and tests. */
  readonly counters: { internalErrors: number };
}

// The CommonJS and ESM builds are two module instances; a registered symbol on the global object
// makes them share one state (the dual-package hazard), as Node's own docs recommend.
const KEY = Symbol.for('dd-span-runtime.state');

type GlobalWithState = typeof globalThis & { [KEY]?: RuntimeState };

function createState(): RuntimeState {
  return { tracer: null, context: createContextStore(), counters: { internalErrors: 0 } };
}

const holder = globalThis as GlobalWithState;

/** The shared runtime state. */
export const state: RuntimeState = holder[KEY] ?? (holder[KEY] = createState());
