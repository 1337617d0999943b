import type { SpanHandle } from './tracer.js';

/**
 * `Frame.returned` before any `return` ran, or after a throw replaced it. Compared by identity only:
 * a description would be text in every browser bundle.
 */
export const NOTHING: unique symbol = Symbol();

/** A thenable an async function returned: its `then` is called once, when the engine would call it. */
export interface Follow {
  readonly thenable: object;
  readonly then: (this: unknown, onFulfilled: unknown, onRejected: unknown) => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: unknown) => void;
}

/**
 * One running call of an instrumented function: its span, the context to give back when the call
 * suspends or ends, and where the call stands. Compiled code holds it in a local and hands it to
 * every runtime call; `null` means "not traced", and every entry point accepts it.
 */
export class Frame {
  /** True between a suspension (`await`, `yield`) and the matching resumption. */
  suspended = false;
  /** The value of the last `return`: the last one wins, a throw after it discards it, and the call's end decides. */
  returned: unknown = NOTHING;
  /** True when `returned` is an async function's promise: the span ends when it settles. */
  settles = false;
  /** Set when `returned` is the native promise returned in a thenable's place. */
  follow: Follow | null = null;

  constructor(
    readonly span: SpanHandle,
    /** The context that was active when the call started, or when it last resumed. */
    public prev: unknown,
  ) {}
}
