import type { BabelTypes as t } from '../babel-types.js';
import { resumeStatement, type CodegenContext, type FunctionWithBlock } from './context.js';
import { rewriteOwnBody, type OwnBodyRewrites } from './own-body.js';
import type { RuntimeEntry } from './runtime-refs.js';
import { rewriteCatch, rewriteFinally } from './suspensions.js';
import { wrapBody } from './wrap-body.js';

/** What every kind does: apply its own rewrites to the body, then wrap the body in the span's `try`. */
export function instrumentBody(
  ctx: CodegenContext,
  fn: FunctionWithBlock,
  site: t.Identifier,
  rewrites: OwnBodyRewrites,
): void {
  rewriteOwnBody(ctx.t, fn.body, rewrites, ctx.ignored, ctx.resumeAfter, () => resumeStatement(ctx));
  wrapBody(ctx, fn, site);
}

/** `return x` becomes `return rt.<entry>(frame, x)`. */
export function returnsThrough(ctx: CodegenContext, entry: RuntimeEntry): Pick<OwnBodyRewrites, 'ReturnStatement'> {
  return {
    ReturnStatement(node) {
      if (node.argument) node.argument = ctx.refs.call(entry, [ctx.refs.frameRef(), node.argument]);
      return node;
    },
  };
}

/** Functions that suspend can be resumed into a `catch` or `finally` block: each starts by resuming. */
export function resumingHandlers(ctx: CodegenContext): Pick<OwnBodyRewrites, 'CatchClause' | 'TryStatement'> {
  return {
    CatchClause: (node) => rewriteCatch(ctx, node),
    TryStatement: (node) => rewriteFinally(ctx, node),
  };
}
