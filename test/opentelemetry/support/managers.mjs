// The context managers an application may have registered, and what each lets the bridge do.
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
// sdk-trace-web's default manager; it lives in @opentelemetry/sdk-trace, which sdk-trace-base wraps.
import { StackContextManager } from '@opentelemetry/sdk-trace';
import { DdSpanContextManager } from 'dd-span-runtime/opentelemetry';

/**
 * A manager the bridge cannot enter, as a zone-based or home-grown one: it only offers the public
 * ContextManager methods. It runs on AsyncLocalStorage, so its `with` callbacks keep their context
 * across `await`.
 */
export class OpaqueContextManager {
  #inner = new AsyncLocalStorageContextManager();
  active() {
    return this.#inner.active();
  }
  with(ctx, fn, thisArg, ...args) {
    return this.#inner.with(ctx, fn, thisArg, ...args);
  }
  bind(ctx, target) {
    return this.#inner.bind(ctx, target);
  }
  enable() {
    this.#inner.enable();
    return this;
  }
  disable() {
    this.#inner.disable();
    return this;
  }
}

export const managerSetups = [
  {
    label: 'DdSpanContextManager',
    create: () => new DdSpanContextManager(),
    sharing: 'dd-span-context-manager',
    abilities: { otelSeesDirectives: true, asyncCallbacks: true, activeSpans: true },
  },
  {
    label: "the stock AsyncLocalStorageContextManager (through its internal storage)",
    create: () => new AsyncLocalStorageContextManager(),
    sharing: 'async-local-storage',
    abilities: { otelSeesDirectives: true, asyncCallbacks: true, activeSpans: true },
  },
  {
    label: 'StackContextManager, the browser default (through its internal field)',
    create: () => new StackContextManager(),
    sharing: 'stack',
    abilities: { otelSeesDirectives: true, asyncCallbacks: false, activeSpans: true },
  },
  {
    label: 'a context manager that cannot be entered',
    create: () => new OpaqueContextManager(),
    sharing: 'separate',
    abilities: { otelSeesDirectives: false, asyncCallbacks: true, activeSpans: true },
  },
  {
    label: 'no context manager at all',
    create: () => undefined,
    sharing: 'separate',
    abilities: { otelSeesDirectives: false, asyncCallbacks: false, activeSpans: false },
  },
];

/** Replaces the globally registered context manager (`undefined`: none). */
export function useContextManager(manager) {
  context.disable();
  if (manager !== undefined) context.setGlobalContextManager(manager.enable());
}
