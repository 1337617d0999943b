/**
 * The async-context integration: a callback that an instrumented function hands to a timer, a
 * promise or an event target runs with the context that was active when it was handed over, as
 * AsyncLocalStorage would give it in Node. In browsers there is no AsyncLocalStorage: this is what
 * keeps parents right inside timers and promise callbacks there.
 */
import type { Frame } from '../frame.js';
import { contain } from '../guard.js';
import { state } from '../state.js';

type Callback = (this: unknown, ...args: unknown[]) => unknown;

/**
 * Compiled code passes callbacks through this where it hands them over: `setTimeout(bind(frame, cb))`.
 * An untraced call (`frame` null) and anything that is not a function (`setTimeout("code")`) pass
 * through untouched; otherwise the callback is wrapped so that it runs with today's context and
 * gives the context it found back when it returns. `this` and the arguments pass through.
 */
export function bind<T>(frame: Frame | null | undefined, callback: T): T {
  if (frame === null || frame === undefined || typeof callback !== 'function') return callback;
  let context: unknown;
  try {
    context = state.context.get();
  } catch (error) {
    contain(error);
    return callback;
  }
  const target = callback as unknown as Callback;
  return function (this: unknown, ...args: unknown[]): unknown {
    const store = state.context;
    let previous: unknown;
    let entered = false;
    try {
      previous = store.get();
      store.set(context);
      entered = true;
    } catch (error) {
      contain(error);
    }
    try {
      return target.apply(this, args);
    } finally {
      if (entered) {
        try {
          store.set(previous);
        } catch (error) {
          contain(error);
        }
      }
    }
  } as unknown as T;
}
