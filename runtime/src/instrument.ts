/**
 * The entry points that compiled code calls. Each one accepts a `null` frame (tracing off, dropped
 * span) and returns at once; each one contains its own failures. See docs/DESIGN.md for the shape
 * of the code the plugin generates around them.
 */
import { isError } from './errors.js';
import { Frame } from './frame.js';
import { contain } from './guard.js';
import type { SpanSite } from './site.js';
import { state } from './state.js';

/** Opens a span for one call and makes it the active context. */
export function start(site: SpanSite | undefined): Frame | null {
  const tracer = state.tracer;
  // `site` is undefined only when a hoisted function runs before its module body (an import cycle).
  if (tracer === null || site === undefined) return null;
  try {
    const store = state.context;
    const parent = store.get();
    const span = tracer.startSpan(site, parent);
    if (span === null) return null;
    store.set(span.context);
    return new Frame(span, parent);
  } catch (error) {
    contain(error);
    return null;
  }
}

/** Records a thrown value. The compiled `catch` rethrows the very same value itself. */
export function fail(frame: Frame | null, error: unknown): void {
  if (frame === null) return;
  try {
    frame.span.recordError(error);
  } catch (internal) {
    contain(internal);
  }
}

/** Passes a sync return value through, recording it when it is an `Error`. */
export function ret<T>(frame: Frame | null, value: T): T {
  if (frame !== null && isError(value)) fail(frame, value);
  return value;
}

const promiseThen = Promise.prototype.then;

function endWhenSettled(frame: Frame, promise: PromiseLike<unknown>): void {
  frame.pending = true;
  promiseThen.call(
    promise,
    (value) => {
      if (isError(value)) fail(frame, value);
      finish(frame);
    },
    (error) => {
      fail(frame, error);
      finish(frame);
    },
  );
}

/**
 * Passes an async function's return value through. When it is a thenable, the span ends when it
 * settles rather than when `finally` runs, and a rejection or an `Error` it resolves to is recorded.
 * A native promise is returned as it is, so timing is untouched. Another thenable's `then` is called
 * here, once, exactly as the engine would have called it, and a native promise that follows it is
 * returned instead: the engine must not call `then` a second time (a query builder would run twice).
 */
export function retAsync(frame: Frame | null, value: unknown): unknown {
  if (frame === null) return value;
  if (value instanceof Promise) {
    try {
      endWhenSettled(frame, value);
    } catch (error) {
      contain(error);
    }
    return value;
  }
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) {
    if (isError(value)) fail(frame, value);
    return value;
  }
  let then: unknown;
  try {
    then = (value as { then?: unknown }).then;
  } catch {
    // Let the engine meet the throwing getter itself and reject as it always would.
    return value;
  }
  if (typeof then !== 'function') {
    if (isError(value)) fail(frame, value);
    return value;
  }
  const followed = new Promise((resolve, reject) => {
    (then as (onFulfilled: unknown, onRejected: unknown) => unknown).call(value, resolve, reject);
  });
  try {
    endWhenSettled(frame, followed);
  } catch (error) {
    contain(error);
  }
  return followed;
}

function finish(frame: Frame): void {
  try {
    frame.span.finish();
  } catch (error) {
    contain(error);
  }
}

/** The compiled `finally`: gives the caller its context back and ends the span (unless a thenable will). */
export function end(frame: Frame | null): void {
  if (frame === null) return;
  // A suspended frame ends from a `return()`/`throw()` resumption or a rejected `await`: the
  // running code's context is already not ours, and `prev` is stale.
  if (!frame.suspended) {
    try {
      state.context.set(frame.prev);
    } catch (error) {
      contain(error);
    }
  }
  if (!frame.pending) finish(frame);
}

/** Placed around the operand of `await` and `yield`: the caller gets its own context back. */
export function suspend<T>(frame: Frame | null, value: T): T {
  if (frame !== null && !frame.suspended) {
    frame.suspended = true;
    try {
      state.context.set(frame.prev);
    } catch (error) {
      contain(error);
    }
  }
  return value;
}

/**
 * Placed around the result of `await` and `yield`, and first in every `catch`/`finally` block and
 * `for await` body of an async or generator function: the span becomes active again. Idempotent.
 */
export function resume<T>(frame: Frame | null, value?: T): T | undefined {
  if (frame !== null && frame.suspended) {
    frame.suspended = false;
    try {
      const store = state.context;
      frame.prev = store.get();
      store.set(frame.span.context);
    } catch (error) {
      contain(error);
    }
  }
  return value;
}
