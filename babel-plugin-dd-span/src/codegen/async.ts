import type { BabelTypes as t } from '../babel-types.js';
import { resumeStatement, type CodegenContext, type FunctionWithBlock } from './context.js';
import { rewriteOwnBody } from './own-body.js';
import { rewriteAwait, rewriteCatch, rewriteFinally, rewriteForAwait } from './suspensions.js';
import { wrapBody } from './wrap-body.js';

/**
 * Async functions and async arrows. `return x` becomes `return rt.retAsync(frame, x)`: when `x` is a
 * thenable, the span ends when it settles, not when `finally` runs (which happens before). Every
 * `await` suspends and resumes the span's context.
 */
export function instrumentAsync(ctx: CodegenContext, fn: FunctionWithBlock, site: t.Identifier): void {
  const body = fn.body;
  const { t, refs } = ctx;
  rewriteOwnBody(
    t,
    body,
    {
      ReturnStatement(node) {
        if (node.argument) node.argument = refs.call('retAsync', [refs.frameRef(), node.argument]);
        return node;
      },
      AwaitExpression: (node) => rewriteAwait(ctx, node),
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
