/**
 * Where dd-trace keeps its active span, reached so that a directive span can be made active for
 * the whole of an instrumented call, across its `await`s.
 *
 * dd-trace's public scope API only offers `scope().activate(span, fn)`, which runs a callback. The
 * compiled code has no callback to give: the runtime enters a span when a function starts or
 * resumes and leaves it when the function ends or suspends (the `enterWith` model). Inside
 * dd-trace that is exactly what its own AsyncLocalStorage does, `storage('legacy')` in
 * packages/datadog-core, the one behind `scope().active()` and every integration's parent lookup.
 * This module finds the instance that the running dd-trace uses and checks it before trusting it,
 * then picks the cheapest way to read and enter it that it can verify (see handleContext).
 */
import type { ContextStore } from '../context.js';
import { nodeBuiltin, requireFromApp } from '../node-builtin.js';
import type { DdTraceTracer } from './dd-trace-types.js';

/** The part of dd-trace's storage the bridge needs (an AsyncLocalStorage subclass). */
export interface DdTraceStorage {
  /** dd-trace 5 and later also take a handle (what AsyncLocalStorage holds) and return its store. */
  getStore(handle?: unknown): unknown;
  enterWith(store: unknown): void;
}

/** What dd-trace keeps as its active context: `{ span, …what its integrations keep beside it }`. */
export type DdTraceStore = { readonly span?: unknown };

/**
 * How the bridge reads and enters dd-trace's active context. The runtime keeps the values that
 * `current` and `contextFor` return, and gives them back to `enter`.
 */
export interface DdTraceContext {
  /** What is active now. */
  current(): unknown;
  /** Makes a value that `current` or `contextFor` returned active again. */
  enter(value: unknown): void;
  /** The store behind such a value. */
  storeOf(value: unknown): DdTraceStore | undefined;
  /** The value that stands for `store`, without changing what is active. */
  contextFor(store: DdTraceStore): unknown;
}

type AsyncLocalStorageClass = { prototype: { getStore(): unknown; enterWith(value: unknown): void } };

type AsyncHooksModule = { AsyncLocalStorage: AsyncLocalStorageClass };

// dd-trace 5 and 6 load packages/datadog-core/index.js, which re-exports src/storage.js.
const DATADOG_CORE = /[\\/]packages[\\/]datadog-core[\\/](?:index|src[\\/]storage)\.js$/;

function isStorage(value: unknown): value is DdTraceStorage {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as DdTraceStorage).getStore === 'function' &&
    typeof (value as DdTraceStorage).enterWith === 'function'
  );
}

// dd-trace 5.x and later: `storage(namespace)`; earlier releases exported one storage instance.
function legacyStorageOf(core: unknown): DdTraceStorage | undefined {
  const storage = (core as { storage?: unknown } | null)?.storage;
  const candidate = typeof storage === 'function' ? (storage as (namespace: string) => unknown)('legacy') : storage;
  return isStorage(candidate) ? candidate : undefined;
}

/**
 * True when `storage` is the one behind `tracer.scope()`: a probe activated through the public API
 * must be what the storage holds inside the callback. This rejects a second copy of dd-trace, a
 * tracer that is not initialised yet (its scope is a no-op), and any future change of layout.
 */
function drivesScope(tracer: DdTraceTracer, storage: DdTraceStorage): boolean {
  const probe = {};
  return tracer.scope().activate(probe, () => (storage.getStore() as { span?: unknown } | undefined)?.span === probe) === true;
}

/** The storage that `tracer`'s scope reads, or `null` when it cannot be found and verified. Never throws. */
function findDdTraceStorage(tracer: DdTraceTracer): DdTraceStorage | null {
  try {
    // The cache is shared by every `require`; a require made for any path exposes it.
    const cache = requireFromApp()?.cache;
    if (cache === undefined) return null;
    for (const file of Object.keys(cache)) {
      if (!DATADOG_CORE.test(file)) continue;
      try {
        const storage = legacyStorageOf(cache[file]?.exports);
        if (storage !== undefined && drivesScope(tracer, storage)) return storage;
      } catch {
        // A candidate that misbehaves is not the one; keep looking.
      }
    }
  } catch {
    // No module system to inspect (a bundle, another runtime): the bridge falls back.
  }
  return null;
}

function asStore(value: unknown): DdTraceStore | undefined {
  return typeof value === 'object' && value !== null ? value : undefined;
}

/** A context whose values are the stores themselves, kept in `kept`. */
export function storeContext(kept: ContextStore): DdTraceContext {
  return {
    current: () => kept.get(),
    enter: (value) => kept.set(value),
    storeOf: asStore,
    contextFor: (store) => store,
  };
}

/**
 * Before Node's AsyncContextFrame (Node 20 and 22 by default), dd-trace's storage enters a fresh
 * handle object for every store and maps it back through a WeakMap, so each `enterWith` allocates
 * and registers one. The handle already in AsyncLocalStorage can be entered again as it is, which
 * is what the runtime does at every return, `await` and `yield`: a span then registers one handle,
 * when it starts, instead of one per entry.
 */
function handleContext(storage: DdTraceStorage, raw: AsyncLocalStorageClass['prototype']): DdTraceContext {
  const current = (): unknown => raw.getStore.call(storage);
  const enter = (value: unknown): void => raw.enterWith.call(storage, value);
  return {
    current,
    enter,
    // Without a handle nothing was active: `getStore()` alone would read what is active now.
    storeOf: (value) => (value === undefined ? undefined : asStore(storage.getStore(value))),
    contextFor: (store) => {
      const previous = current();
      try {
        storage.enterWith(store);
        return current();
      } finally {
        enter(previous);
      }
    },
  };
}

const asyncLocalStorageClass = () => nodeBuiltin<AsyncHooksModule>('node:async_hooks')?.AsyncLocalStorage;

/** False where AsyncLocalStorage holds dd-trace's stores themselves (AsyncContextFrame): nothing to save then. */
function keepsHandles(tracer: DdTraceTracer, storage: DdTraceStorage, raw: AsyncLocalStorageClass['prototype']): boolean {
  return tracer.scope().activate({}, () => raw.getStore.call(storage) !== storage.getStore()) === true;
}

/**
 * True when entering the handle AsyncLocalStorage holds for dd-trace's active store makes that
 * store active again, as `tracer.scope()` sees it, and the storage maps the handle back to it.
 */
function handlesDriveScope(tracer: DdTraceTracer, storage: DdTraceStorage, raw: AsyncLocalStorageClass['prototype']): boolean {
  const probe = {};
  const scope = tracer.scope();
  return (
    scope.activate(probe, () => {
      const handle = raw.getStore.call(storage);
      if ((storage.getStore(handle) as DdTraceStore | undefined)?.span !== probe) return false;
      return scope.activate(null, () => {
        raw.enterWith.call(storage, handle);
        return scope.active() === probe;
      });
    }) === true
  );
}

/**
 * dd-trace's active context, read and entered the cheapest way this dd-trace and this Node allow
 * (see handleContext), or `null` when its storage cannot be found and verified. Never throws.
 */
export function findDdTraceContext(tracer: DdTraceTracer): DdTraceContext | null {
  const storage = findDdTraceStorage(tracer);
  if (storage === null) return null;
  try {
    const AsyncLocalStorage = asyncLocalStorageClass();
    if (AsyncLocalStorage !== undefined && storage instanceof (AsyncLocalStorage as unknown as new () => object)) {
      const raw = AsyncLocalStorage.prototype;
      if (keepsHandles(tracer, storage, raw) && handlesDriveScope(tracer, storage, raw)) return handleContext(storage, raw);
    }
  } catch {
    // A storage that does not take its own handles back: entered through its public methods.
  }
  // Under AsyncContextFrame (Node 24 by default) this is the cheap path too, not a fallback: dd-trace
  // 5 and 6 enter their stores as they are, and entering costs one frame copy through any method.
  return storeContext({ get: () => storage.getStore(), set: (value) => storage.enterWith(value) });
}
