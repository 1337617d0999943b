/**
 * The runtime's `ContextStore` on top of whichever OpenTelemetry context manager is registered, so
 * that directive spans and OpenTelemetry's own spans see one active context. The runtime enters a
 * span's context imperatively (at start and at every resumption) and gives the previous one back
 * (at every suspension and at the end); this needs a manager that can enter a context without
 * running a callback inside it.
 */
import { createContextStore, type ContextStore } from '../context.js';
import { isOtelContext, otelGlobals, ROOT_CONTEXT, type OtelContext, type OtelContextManager } from './opentelemetry-api.js';

/** DdSpanContextManager, or any manager with the same imperative entry point. */
interface EnteringManager extends OtelContextManager {
  enterWith(context: unknown): void;
}

/**
 * `AsyncLocalStorageContextManager` from @opentelemetry/context-async-hooks keeps its contexts in
 * this field. It is internal to that package (stable from 1.x through 2.x, but not a promise),
 * which is why `DdSpanContextManager` is the supported setup and this is the fallback.
 */
interface StockAsyncLocalStorageManager extends OtelContextManager {
  _asyncLocalStorage: { enterWith(context: unknown): void };
}

/** `StackContextManager` (the browser default of sdk-trace-web) keeps its context in this field, also internal. */
interface StackManager extends OtelContextManager {
  _currentContext: unknown;
}

function isEntering(manager: OtelContextManager): manager is EnteringManager {
  return typeof (manager as Partial<EnteringManager>).enterWith === 'function';
}

function isStockAsyncLocalStorage(manager: OtelContextManager): manager is StockAsyncLocalStorageManager {
  const storage = (manager as Partial<StockAsyncLocalStorageManager>)._asyncLocalStorage;
  return typeof storage === 'object' && storage !== null && typeof storage.enterWith === 'function';
}

function isStack(manager: OtelContextManager): manager is StackManager {
  return isOtelContext((manager as Partial<StackManager>)._currentContext);
}

/**
 * For a manager that cannot be entered (a zone-based one, a custom one) or none at all: directive
 * spans live in a store of our own, remembered together with the context that OpenTelemetry had
 * active when they were entered. Once OpenTelemetry's active context changes (a `startActiveSpan`
 * callback starts or ends), that context wins again. Directive spans then still nest under
 * OpenTelemetry's spans and under each other, but spans that OpenTelemetry starts inside an
 * annotated function cannot see it.
 */
function layeredStore(active: () => OtelContext): ContextStore {
  const own = createContextStore();
  return {
    get: () => {
      const entry = own.get() as { context: unknown; base: OtelContext } | undefined;
      const base = active();
      return entry !== undefined && entry.base === base ? entry.context : base;
    },
    set: (context) => own.set({ context, base: active() }),
  };
}

/** How the active context is shared with a context manager; see {@link contextSharing}. */
export type OtelContextSharing = 'dd-span-context-manager' | 'async-local-storage' | 'stack' | 'separate';

/**
 * How directive spans share the active context with the context manager registered now:
 * `dd-span-context-manager` and `async-local-storage` (Node) and `stack` (browsers) in both
 * directions; `separate` when there is no manager or one that cannot be entered (see layeredStore).
 */
export function contextSharing(): OtelContextSharing {
  return sharingOf(otelGlobals()?.context);
}

function sharingOf(manager: OtelContextManager | undefined): OtelContextSharing {
  if (manager === undefined) return 'separate';
  if (isEntering(manager)) return 'dd-span-context-manager';
  if (isStockAsyncLocalStorage(manager)) return 'async-local-storage';
  if (isStack(manager)) return 'stack';
  return 'separate';
}

function storeFor(manager: OtelContextManager | undefined): ContextStore {
  if (manager === undefined) return layeredStore(() => ROOT_CONTEXT);
  const get = () => manager.active();
  switch (sharingOf(manager)) {
    case 'dd-span-context-manager': {
      const entering = manager as EnteringManager;
      return { get, set: (context) => entering.enterWith(context) };
    }
    case 'async-local-storage': {
      const storage = (manager as StockAsyncLocalStorageManager)._asyncLocalStorage;
      return { get, set: (context) => storage.enterWith(context) };
    }
    case 'stack': {
      const stack = manager as StackManager;
      return {
        get,
        set: (context) => {
          stack._currentContext = context;
        },
      };
    }
    case 'separate':
      return layeredStore(get);
  }
}

/** A store that follows the globally registered context manager, even one registered (or replaced) later. */
export function createOtelContextStore(): ContextStore {
  let manager: OtelContextManager | undefined;
  let store: ContextStore | undefined;
  const current = (): ContextStore => {
    const registered = otelGlobals()?.context;
    if (store === undefined || registered !== manager) {
      store = storeFor(registered);
      manager = registered;
    }
    return store;
  };
  return {
    get: () => current().get(),
    set: (context) => current().set(context),
  };
}
