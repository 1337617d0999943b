/**
 * The entry points that compiled code calls. Each one accepts a `null` frame (tracing off, dropped
 * span) and returns at once; each one contains its own failures. See docs/DESIGN.md for the shape
 * of the code the plugin generates around them.
 */
import { isError } from './errors.js';
import { Frame, NOTHING, type Follow } from './frame.js';
import { contain } from './guard.js';
import type { SpanSite } from './site.js';
import { state } from './state.js';

/** Opens a span for one call and makes it the active context. */
export function start(site: SpanSite | undefined): Frame | null {
  const tracer = state.tracer;
  // `site` is undefined only when a hoisted function runs before its module body (an import cycle).
  if (tracer === null || site === undefined) return null;
  const store = state.context;
  let frame: Frame;
  try {
    const parent = store.get();
    const span = tracer.startSpan(site, parent);
    if (span === null) return null;
    frame = new Frame(span, parent);
  } catch (error) {
    contain(error);
    return null;
  }
  // Once a span exists it must end, even when entering its context fails: dd-trace, for one, holds a
  // whole trace back until every span in it has finished.
  try {
    store.set(frame.span.context);
  } catch (error) {
    contain(error);
  }
  return frame;
}

function record(frame: Frame, error: unknown): void {
  try {
    frame.span.recordError(error);
  } catch (error) {
    contain(error);
  }
}

/**
 * Records a value the call threw. A throw after a `return` (from a `finally`, or from closing a
 * `for await` iterator) replaces that return. The compiled `catch` of earlier plugin versions calls
 * this before it rethrows; today's hands the value to `end` instead (see `end`).
 */
export function fail(frame: Frame | null, error: unknown): void {
  if (frame === null) return;
  frame.returned = NOTHING;
  frame.settles = false;
  frame.follow = null;
  record(frame, error);
}

/** Wraps a sync function's return value, untouched. When the call ends, an `Error` it returned is recorded. */
export function ret<T>(frame: Frame | null, value: T): T {
  if (frame !== null) {
    frame.returned = value;
    frame.settles = false;
    frame.follow = null;
  }
  return value;
}

const promiseThen = Promise.prototype.then;

/**
 * Wraps an async function's return value. The span then ends when the returned promise settles
 * rather than when `finally` runs (which happens before), and a rejection, or an `Error` it resolves
 * to, is recorded.
 *
 * A native promise is returned as it is. For any other thenable the engine would call `then` once,
 * in a job queued as the call completes; to see it settle, this returns a native promise in its
 * place, and `end` queues that one `then` call at the very same moment. A query builder still runs
 * once, and not before the caller has its promise.
 */
export function retAsync(frame: Frame | null, value: unknown): unknown {
  if (frame === null) return value;
  frame.returned = value;
  frame.settles = false;
  frame.follow = null;
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return value;
  let then: unknown;
  try {
    then = (value as { then?: unknown }).then;
  } catch (error) {
    // The engine would read `then` once and reject with what it throws: so does the promise returned.
    const rejected = Promise.reject(error);
    // Handled here too: a `finally` that replaces this return must not leave an unhandled rejection.
    promiseThen.call(rejected, undefined, () => {});
    frame.returned = rejected;
    frame.settles = true;
    return rejected;
  }
  if (typeof then !== 'function') return value;
  let isNativePromise = false;
  try {
    isNativePromise = then === promiseThen && value instanceof Promise;
  } catch {
    // A proxy whose getPrototypeOf trap throws or was revoked: followed like any thenable.
  }
  frame.settles = true;
  if (isNativePromise) return value;
  const followed = new Promise((resolve, reject) => {
    frame.follow = { thenable: value, then: then as Follow['then'], resolve, reject };
  });
  frame.returned = followed;
  return followed;
}

function finish(frame: Frame): void {
  try {
    frame.span.finish();
  } catch (error) {
    contain(error);
  }
}

function callThen({ thenable, then, resolve, reject }: Follow): void {
  try {
    then.call(thenable, resolve, reject);
  } catch (error) {
    reject(error);
  }
}

function endWhenSettled(frame: Frame, promise: Promise<unknown>): void {
  promiseThen.call(
    promise,
    (value) => {
      if (isError(value)) record(frame, value);
      finish(frame);
    },
    (error) => {
      record(frame, error);
      finish(frame);
    },
  );
}

/**
 * The compiled `finally`: records what the call threw, if it threw (as `fail` does), settles what
 * it returned, gives the caller its context back, and ends the span, or leaves that to the returned
 * promise.
 *
 * `thrown` is the thrown value in a one-element array, which the compiled `catch` makes before it
 * rethrows, and `undefined` when the call did not throw: so `throw undefined` stays a throw. The
 * `catch` makes no call itself: on V8 11 (Node 20) a call there made TurboFan keep the loop
 * variables of the whole `try` block on the stack.
 */
export function end(frame: Frame | null, thrown?: [error: unknown]): void {
  if (frame === null) return;
  if (thrown !== undefined) fail(frame, thrown[0]);
  const { returned, follow } = frame;
  let settles = frame.settles;
  frame.returned = NOTHING;
  frame.follow = null;
  if (follow !== null) {
    // Queued while the span is still the context: the work the thenable starts belongs to this call.
    try {
      queueMicrotask(() => callThen(follow));
    } catch (error) {
      contain(error);
      callThen(follow);
    }
  }
  if (settles) {
    try {
      endWhenSettled(frame, returned as Promise<unknown>);
    } catch (error) {
      contain(error);
      settles = false;
    }
  } else if (returned !== NOTHING && isError(returned)) {
    record(frame, returned);
  }
  // A suspended frame ends from a `return()`/`throw()` resumption or a rejected `await`: the
  // running code's context is already not ours, and `prev` is stale.
  if (!frame.suspended) {
    try {
      state.context.set(frame.prev);
    } catch (error) {
      contain(error);
    }
  }
  if (!settles) finish(frame);
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

// `Symbol.dispose` where the engine (or a polyfill) has it; otherwise the symbol Babel's and
// core-js's `using` support look for instead.
const DISPOSE: symbol = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for('Symbol.dispose');

/**
 * A resource that suspends the frame when disposed, or `null` (nothing to dispose) without a frame.
 * Compiled code declares one with `using` after each `await using` declaration: resources are
 * disposed last-declared first, so the caller gets its context back before the block's disposals
 * await; the statement around the block resumes afterwards.
 */
export function suspendOnExit(frame: Frame | null): Record<symbol, () => void> | null {
  return frame && { [DISPOSE]: () => suspend(frame, undefined) };
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
