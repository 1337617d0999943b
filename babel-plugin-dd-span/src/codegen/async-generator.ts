import type { BabelTypes as t } from '../babel-types.js';
import { resumeStatement, type CodegenContext } from './context.js';
import { rewriteOwnBody } from './own-body.js';
import { rewriteAwait, rewriteCatch, rewriteFinally, rewriteForAwait, rewriteYield } from './suspensions.js';
import { wrapBody } from './wrap-body.js';

/**
 * Async generators: both kinds of suspension. `return x` awaits `x` inside the `try`, so a rejection
 * is caught and recorded there, and needs no rewrite.
 */
export function instrumentAsyncGenerator(ctx: CodegenContext, body: t.BlockStatement, site: t.Identifier): void {
  rewriteOwnBody(
    ctx.t,
    body,
    {
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
  wrapBody(ctx, body, site);
}
