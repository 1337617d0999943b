import { state } from './state.js';

/**
 * Everything the runtime does on behalf of user code runs under this rule: a failure of ours (or of
 * a bridge, an exporter, a hostile error object) is counted and swallowed, never thrown into the app.
 */
export function contain(_error: unknown): void {
  state.counters.internalErrors++;
}
