import type { InstrumentableFunction } from '../attach.js';
import type { BabelTypes as t, Node, Types } from '../babel-types.js';
import type { IgnoredRanges } from '../ignore.js';
import type { RuntimeRefs } from './runtime-refs.js';

/** What code generation needs for one file. */
export interface CodegenContext {
  readonly t: Types;
  readonly refs: RuntimeRefs;
  readonly ignored: IgnoredRanges;
  /** Loops already rewritten whose every exit must resume the span (see own-body.ts). */
  readonly resumeAfter: WeakSet<Node>;
}

/** An annotated function whose body is a block (an arrow's expression body gets one first). */
export type FunctionWithBlock = InstrumentableFunction & { body: t.BlockStatement };

/** `namespace.resume(frame);` */
export function resumeStatement(ctx: CodegenContext): t.ExpressionStatement {
  return ctx.t.expressionStatement(ctx.refs.call('resume', [ctx.refs.frameRef()]));
}
