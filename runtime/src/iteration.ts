/**
 * `yield*` and `for await` hand control to another iterator, and through it back to the caller,
 * without passing through a `yield` or `await` the compiler can wrap. These wrappers re-enter the
 * span around each call into the inner iterator and give the caller its context back after it.
 */
import type { Frame } from './frame.js';
import { contain } from './guard.js';
import { resume, suspend } from './instrument.js';

type IteratorMethod = (this: unknown, value?: unknown) => unknown;

function around(frame: Frame, method: IteratorMethod, target: unknown, value: unknown): unknown {
  resume(frame);
  try {
    return method.call(target, value);
  } finally {
    suspend(frame, undefined);
  }
}

// `next` is read once, as the language does when it opens an iterator; `return` and `throw` are read
// at each use, also as the language does, and are absent when the inner iterator lacks them.
function resumingIterator(frame: Frame, inner: Record<string, unknown>): object {
  const next = inner.next as IteratorMethod;
  const optional = (key: 'return' | 'throw') => {
    const method = inner[key];
    if (method === undefined || method === null) return undefined;
    return (value?: unknown) => around(frame, method as IteratorMethod, inner, value);
  };
  return {
    next: (value?: unknown) => around(frame, next, inner, value),
    get return() {
      return optional('return');
    },
    get throw() {
      return optional('throw');
    },
  };
}

function methodOf(value: unknown, key: symbol): IteratorMethod | undefined {
  if (value === null || value === undefined) return undefined;
  const method = (value as Record<symbol, unknown>)[key];
  return typeof method === 'function' ? (method as IteratorMethod) : undefined;
}

/**
 * Wraps the operand of `yield*` (sync or async generator) or of `for await`. Anything that is not
 * iterable comes back unchanged, so the engine throws its own TypeError.
 */
export function iterate(frame: Frame | null, iterable: unknown, isAsync: boolean): unknown {
  if (frame === null) return iterable;
  try {
    // An async consumer prefers Symbol.asyncIterator and falls back to a sync iterator, which the
    // engine then adapts itself: keep the same key so its adaptation still happens.
    const key =
      isAsync && methodOf(iterable, Symbol.asyncIterator) !== undefined ? Symbol.asyncIterator : Symbol.iterator;
    const open = methodOf(iterable, key);
    if (open === undefined) return iterable;
    return {
      [key]: () => resumingIterator(frame, open.call(iterable) as Record<string, unknown>),
    };
  } catch (error) {
    contain(error);
    return iterable;
  }
}
