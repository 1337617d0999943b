/**
 * `ContextManager.bind(context, emitter)` for Node's EventEmitter: every listener added afterwards
 * runs in `context`, and can still be removed by the function the caller added. OpenTelemetry's
 * http instrumentation binds requests and responses this way. The behaviour follows
 * @opentelemetry/context-async-hooks' AbstractAsyncHooksContextManager (Apache-2.0), so that a
 * `DdSpanContextManager` can stand in for the stock manager without changing what listeners see.
 */

import { nodeBuiltin } from '../node-builtin.js';

type Listener = (this: unknown, ...args: unknown[]) => unknown;
type Method = (this: unknown, ...args: unknown[]) => unknown;
type Emitter = Record<string, unknown>;
/** For each event name, the function the caller added → the bound function actually registered. */
type PatchMap = Map<unknown, WeakMap<Listener, Listener>>;

const ADDERS = ['addListener', 'on', 'once', 'prependListener', 'prependOnceListener'] as const;
const REMOVERS = ['removeListener', 'off'] as const;

type EventsModule = { EventEmitter: abstract new () => object };

// Browser bundles never see `node:events`; there, only functions are bound (as StackContextManager does).
const loadEventEmitter = () => nodeBuiltin<EventsModule>('node:events')?.EventEmitter;

const EventEmitter = loadEventEmitter();

/** True when `target` is a Node EventEmitter. */
export function isEventEmitter(target: unknown): target is object {
  return EventEmitter !== undefined && target instanceof EventEmitter;
}

/** Binds emitters for one context manager; `bindListener` makes a listener run in a context. */
export class EmitterBinder<C> {
  private readonly patched = new WeakMap<object, PatchMap>();
  // Node's `once` registers its own wrapper through `this.on`: while one adder runs, the others
  // must pass the listener through untouched, or it would be bound twice and `off` would miss it.
  private adding = false;

  constructor(private readonly bindListener: (context: C, listener: Listener) => Listener) {}

  /** Patches `emitter` once; a later call with another context keeps the first binding, as the stock manager does. */
  bind(emitter: object, context: C): void {
    if (this.patched.has(emitter)) return;
    const map: PatchMap = new Map();
    this.patched.set(emitter, map);
    const target = emitter as Emitter;
    for (const name of ADDERS) {
      const original = target[name];
      if (typeof original === 'function') target[name] = this.patchAdder(map, original as Method, context);
    }
    for (const name of REMOVERS) {
      const original = target[name];
      if (typeof original === 'function') target[name] = patchRemover(map, original as Method);
    }
    const removeAll = target.removeAllListeners;
    if (typeof removeAll === 'function') target.removeAllListeners = patchRemoveAll(map, removeAll as Method);
  }

  private patchAdder(map: PatchMap, original: Method, context: C): Method {
    const binder = this;
    return function (this: unknown, event: unknown, listener: unknown, ...rest: unknown[]) {
      if (binder.adding || typeof listener !== 'function') return original.call(this, event, listener, ...rest);
      let listeners = map.get(event);
      if (listeners === undefined) {
        listeners = new WeakMap();
        map.set(event, listeners);
      }
      const bound = binder.bindListener(context, listener as Listener);
      listeners.set(listener as Listener, bound);
      binder.adding = true;
      try {
        return original.call(this, event, bound, ...rest);
      } finally {
        binder.adding = false;
      }
    };
  }
}

function patchRemover(map: PatchMap, original: Method): Method {
  return function (this: unknown, event: unknown, listener: unknown, ...rest: unknown[]) {
    const bound = typeof listener === 'function' ? map.get(event)?.get(listener as Listener) : undefined;
    return original.call(this, event, bound ?? listener, ...rest);
  };
}

function patchRemoveAll(map: PatchMap, original: Method): Method {
  return function (this: unknown, ...args: unknown[]) {
    if (args.length === 0) map.clear();
    else map.delete(args[0]);
    return original.apply(this, args);
  };
}
