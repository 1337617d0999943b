import { processEnvironment, readConfig } from './config.js';
import { createAsyncLocalStorageStore } from './context.js';
import { state } from './state.js';

/**
 * What the runtime takes from Node, once per global scope: the DD_* variables, read into the shared
 * configuration, and AsyncLocalStorage as the runtime's own context store. Called when the Node
 * entry and the testing entry load: before either installs a tracer (so that
 * `DD_TRACE_ENABLED=false` keeps every tracer out), and before instrumented code runs (it loads the
 * Node entry first). The browser entry and the OTLP entry never call it, which keeps the parser, its
 * messages and the AsyncLocalStorage lookup out of browser bundles: an OTLP tracer is installed
 * through the main entry's `configure`, and the exporter reads DD_SERVICE, DD_ENV and DD_VERSION
 * itself (exporters/otlp-env.ts).
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
