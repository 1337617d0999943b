import { state } from './state.js';

/**
 * Everything the runtime does on behalf of user code runs under this rule: a failure of ours (or of
 * a bridge, an exporter, a hostile error object) is counted and swallowed, never thrown into the app.
 * The failure itself is not kept, so the core's call sites (in every browser bundle) pass none.
 */
export function contain(_error?: unknown): void {
  state.counters.internalErrors++;
}
