import { nodeBuiltin } from './node-builtin.js';

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

const loadAsyncLocalStorage = () => nodeBuiltin<AsyncHooksModule>('node:async_hooks')?.AsyncLocalStorage;

/**
 * One variable, kept right by the suspend/resume calls the compiler places around every `await`
 * and `yield`: the store of browsers, and the runtime's store until the Node entry replaces it.
 */
export function createVariableStore(): ContextStore {
  let current: unknown;
  return {
    get: () => current,
    set: (value) => {
      current = value;
    },
  };
}

/**
 * AsyncLocalStorage, where the platform has it (Node), so that code the compiler never saw (an
 * `await` in an uninstrumented caller, a timer) still carries the span; else `undefined`.
 */
export function createAsyncLocalStorageStore(): ContextStore | undefined {
  const AsyncLocalStorage = loadAsyncLocalStorage();
  if (AsyncLocalStorage === undefined) return undefined;
  const storage = new AsyncLocalStorage();
  return {
    get: () => storage.getStore(),
    set: (value) => storage.enterWith(value),
  };
}

/** {@link createAsyncLocalStorageStore} where it can be, else {@link createVariableStore}. */
export function createContextStore(): ContextStore {
  return createAsyncLocalStorageStore() ?? createVariableStore();
}
