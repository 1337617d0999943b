import { state } from './state.js';

/**
 * Everything the runtime does on behalf of user code runs under this rule: a failure of ours (or of
 * a bridge, an exporter, a hostile error object) is swallowed, never thrown into the app, and shown
 * under `DD_TRACE_DEBUG`, with the failure.
 */
export function contain(error?: unknown): void {
  if (state.config.debug) {
    try {
      console.error('dd-span-runtime: contained a failure;', error);
    } catch {
      // Even printing it failed (a hostile value): it stays swallowed.
    }
  }
}
