import type { BabelTypes as t } from '../babel-types.js';
import { resumeStatement, type CodegenContext, type FunctionWithBlock } from './context.js';
import { rewriteOwnBody } from './own-body.js';
import { rewriteAwait, rewriteCatch, rewriteFinally, rewriteForAwait, rewriteYield } from './suspensions.js';
import { wrapBody } from './wrap-body.js';

/**
 * Async generators: both kinds of suspension. `return x` awaits `x` inside the `try` (so a rejection
 * is caught and recorded there): a suspension like any other, so it becomes `return rt.suspend(frame, x)`.
 * Only `catch`/`finally` blocks, which resume, and the span's end can run after it.
 */
export function instrumentAsyncGenerator(ctx: CodegenContext, fn: FunctionWithBlock, site: t.Identifier): void {
  const body = fn.body;
  rewriteOwnBody(
    ctx.t,
    body,
    {
      ReturnStatement(node) {
        if (node.argument) node.argument = ctx.refs.call('suspend', [ctx.refs.frameRef(), node.argument]);
        return node;
      },
      AwaitExpression: (node) => rewriteAwait(ctx, node),
      YieldExpression: (node) => rewriteYield(ctx, node, true),
      ForOfStatement: (node) => rewriteForAwait(ctx, node),
      CatchClause: (node) => rewriteCatch(ctx, node),
      TryStatement: (node) => rewriteFinally(ctx, node),
    },
    ctx.ignored,
    ctx.resumeAfter,
    () => resumeStatement(ctx),
  );
  wrapBody(ctx, fn.params, body, site);
}
