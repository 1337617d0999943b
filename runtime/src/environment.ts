import { processEnvironment, readConfig } from './config.js';
import { createAsyncLocalStorageStore } from './context.js';
import { state } from './state.js';

/**
 * What the runtime takes from Node, once per global scope: the DD_* variables, read into the shared
 * configuration, and AsyncLocalStorage as the runtime's own context store. Called when the Node
 * entry, the testing entry and the OTLP entry load: before any of them installs a tracer (so that
 * `DD_TRACE_ENABLED=false` keeps every tracer out), and before instrumented code runs (it loads the
 * Node entry first). The main browser entry never calls it, which keeps the parser, its messages and
 * the AsyncLocalStorage lookup out of core bundles; where there is no `process` (a browser loading
 * the OTLP entry), there is nothing to take, and nothing changes.
 */
export function setUpFromNode(): void {
  if (state.nodeSetUp === true || (globalThis as { process?: unknown }).process === undefined) return;
  state.nodeSetUp = true;
  const { config, problems } = readConfig(processEnvironment());
  // Bad configuration is reported at start-up, clearly, and never thrown: the app must run.
  for (const problem of problems) console.error(`dd-span-runtime: ${problem}`);
  state.config = config;
  const store = createAsyncLocalStorageStore();
  if (store === undefined) return;
  if (state.context === state.ownContext) state.context = store;
  state.ownContext = store;
}
