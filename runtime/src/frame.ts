import type { SpanHandle } from './tracer.js';

/**
 * One running call of an instrumented function: its span, the context to give back when the call
 * suspends or ends, and where the call stands. Compiled code holds it in a local and hands it to
 * every runtime call; `null` means "not traced", and every entry point accepts it.
 */
export class Frame {
  /** True between a suspension (`await`, `yield`) and the matching resumption. */
  suspended = false;
  /** True once the span's end was handed to a returned thenable. */
  pending = false;

  constructor(
    readonly span: SpanHandle,
    /** The context that was active when the call started, or when it last resumed. */
    public prev: unknown,
  ) {}
}
