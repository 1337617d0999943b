/**
 * Where dd-trace keeps its active span, reached so that a directive span can be made active for
 * the whole of an instrumented call, across its `await`s.
 *
 * dd-trace's public scope API only offers `scope().activate(span, fn)`, which runs a callback. The
 * compiled code has no callback to give: the runtime enters a span when a function starts or
 * resumes and leaves it when the function ends or suspends (the `enterWith` model). Inside
 * dd-trace that is exactly what its own AsyncLocalStorage does, `storage('legacy')` in
 * packages/datadog-core, the one behind `scope().active()` and every integration's parent lookup.
 * This module finds the instance that the running dd-trace uses and checks it before trusting it.
 */
import type { DdTraceTracer } from './dd-trace-types.js';

/** The part of dd-trace's storage the bridge needs (an AsyncLocalStorage subclass). */
export interface DdTraceStorage {
  getStore(): unknown;
  enterWith(store: unknown): void;
}

type RequireCache = Record<string, { exports?: unknown } | undefined>;
type ModuleBuiltin = { createRequire(filename: string): { cache?: RequireCache } };
type ProcessLike = { getBuiltinModule?: (id: string) => unknown; cwd(): string };

// dd-trace 5 and 6 load packages/datadog-core/index.js, which re-exports src/storage.js.
const DATADOG_CORE = /[\\/]packages[\\/]datadog-core[\\/](?:index|src[\\/]storage)\.js$/;

function requireCache(): RequireCache | undefined {
  const proc = (globalThis as { process?: ProcessLike }).process;
  if (proc === undefined) return undefined;
  const moduleBuiltin = proc.getBuiltinModule?.('node:module') as ModuleBuiltin | undefined;
  // The cache is shared by every `require`; a require made for any path exposes it.
  return moduleBuiltin?.createRequire(`${proc.cwd()}/`).cache;
}

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
export function findDdTraceStorage(tracer: DdTraceTracer): DdTraceStorage | null {
  try {
    const cache = requireCache();
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
