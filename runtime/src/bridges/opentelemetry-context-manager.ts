import { createContextStore, type ContextStore } from '../context.js';
import { ROOT_CONTEXT, type OtelContext, type OtelContextManager } from './opentelemetry-api.js';
import { EmitterBinder, isEventEmitter } from './opentelemetry-emitter.js';

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

/**
 * An OpenTelemetry `ContextManager` that instrumented functions can enter and leave imperatively.
 * OpenTelemetry's stock managers only run a callback inside a context (`with`); code compiled by
 * dd-span marks where a call starts, suspends at `await`/`yield`, resumes and ends, and needs to
 * make a context current at each of those points: that is `enterWith`.
 *
 * In Node it keeps the context in an AsyncLocalStorage, like `AsyncLocalStorageContextManager`, so
 * contexts follow callbacks, timers and promises. Where there is no AsyncLocalStorage (browsers) it
 * keeps one variable, which `with` sets and restores around its callback, and which the compiled
 * suspend/resume calls keep right across `await` in annotated functions.
 *
 * Register it instead of the default manager:
 * `provider.register({ contextManager: new DdSpanContextManager() })`, or
 * `context.setGlobalContextManager(new DdSpanContextManager())`.
 */
export class DdSpanContextManager implements OtelContextManager {
  private store: ContextStore = createContextStore();
  private readonly emitters = new EmitterBinder<OtelContext>((context, listener) => this.bindFunction(context, listener));

  active(): OtelContext {
    return (this.store.get() as OtelContext | undefined) ?? ROOT_CONTEXT;
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    context: OtelContext,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    // Entering and restoring around the call is what AsyncLocalStorage.run itself does; with the
    // variable it is the only way.
    const store = this.store;
    const previous = store.get();
    store.set(context);
    try {
      return fn.apply(thisArg, args);
    } finally {
      store.set(previous);
    }
  }

  /**
   * Makes `context` current for the running code and what it schedules from now on, until the next
   * `enterWith` or `with` in the same execution. The runtime calls it in pairs (enter, give back).
   */
  enterWith(context: OtelContext): void {
    this.store.set(context);
  }

  bind<T>(context: OtelContext, target: T): T {
    if (typeof target === 'function') return this.bindFunction(context, target as AnyFunction) as T;
    if (isEventEmitter(target)) this.emitters.bind(target, context);
    return target;
  }

  enable(): this {
    return this;
  }

  /** Forgets every context entered so far, everywhere: `active()` returns the root context again. */
  disable(): this {
    this.store = createContextStore();
    return this;
  }

  private bindFunction(context: OtelContext, target: AnyFunction): AnyFunction {
    const manager = this;
    const bound = function (this: unknown, ...args: unknown[]) {
      return manager.with(context, () => target.apply(this, args));
    };
    Object.defineProperty(bound, 'length', { configurable: true, value: target.length });
    return bound;
  }
}
