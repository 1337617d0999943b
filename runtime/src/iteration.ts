/**
 * `yield*` and `for await` hand control to another iterator, and through it back to the caller,
 * without passing through a `yield` or `await` the compiler can wrap. These wrappers re-enter the
 * span around each call into the inner iterator and give the caller its context back after it.
 */
import type { Frame } from './frame.js';
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

const isObject = (value: unknown): value is Record<string, unknown> =>
  (typeof value === 'object' && value !== null) || typeof value === 'function';

/**
 * Wraps the operand of `yield*` (sync or async generator) or of `for await`. Reads the iterator
 * method once, as the engine does (`Symbol.asyncIterator` first for an async consumer, then
 * `Symbol.iterator`, which the engine then adapts itself); a getter that throws throws here, where
 * the engine would have thrown it. Anything that is not iterable, or an iterator method returning a
 * non-object, goes to the engine unchanged, so that it throws its own TypeError.
 */
export function iterate(frame: Frame | null, iterable: unknown, isAsync: boolean): unknown {
  if (frame === null || iterable === null || iterable === undefined) return iterable;
  const source = iterable as Record<symbol, unknown>;
  let key: symbol = Symbol.iterator;
  let open = isAsync ? source[Symbol.asyncIterator] : undefined;
  if (open === undefined || open === null) open = source[Symbol.iterator];
  else key = Symbol.asyncIterator;
  if (typeof open !== 'function') return iterable;
  return {
    [key]: () => {
      const inner: unknown = (open as IteratorMethod).call(iterable);
      return isObject(inner) ? resumingIterator(frame, inner) : inner;
    },
  };
}
