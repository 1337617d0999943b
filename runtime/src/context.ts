/** Where the active span lives. `set` must make `value` current for the running code and what it schedules. */
export interface ContextStore {
  get(): unknown;
  set(value: unknown): void;
}

interface AsyncLocalStorageLike {
  getStore(): unknown;
  enterWith(value: unknown): void;
}

type AsyncHooksModule = { AsyncLocalStorage: new () => AsyncLocalStorageLike };
type ProcessWithBuiltins = { getBuiltinModule?: (id: string) => unknown };

// `process.getBuiltinModule` (Node >= 20.16) reaches AsyncLocalStorage from both builds without a
// static import, so browser bundles never see `node:async_hooks`.
function loadAsyncLocalStorage(): AsyncHooksModule['AsyncLocalStorage'] | undefined {
  const proc = (globalThis as { process?: ProcessWithBuiltins }).process;
  try {
    const hooks = proc?.getBuiltinModule?.('node:async_hooks') as AsyncHooksModule | undefined;
    return hooks?.AsyncLocalStorage;
  } catch {
    return undefined;
  }
}

/**
 * In Node: AsyncLocalStorage, so code the compiler never saw (an `await` in an uninstrumented
 * caller, a timer) still carries the span. Elsewhere: one variable, kept right by the
 * suspend/resume calls the compiler places around every `await` and `yield`.
 */
export function createContextStore(): ContextStore {
  const AsyncLocalStorage = loadAsyncLocalStorage();
  if (AsyncLocalStorage !== undefined) {
    const storage = new AsyncLocalStorage();
    return {
      get: () => storage.getStore(),
      set: (value) => storage.enterWith(value),
    };
  }
  let current: unknown;
  return {
    get: () => current,
    set: (value) => {
      current = value;
    },
  };
}
