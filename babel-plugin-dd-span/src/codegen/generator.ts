import type { BabelTypes as t } from '../babel-types.js';
import { resumeStatement, type CodegenContext, type FunctionWithBlock } from './context.js';
import { rewriteOwnBody } from './own-body.js';
import { rewriteCatch, rewriteFinally, rewriteYield } from './suspensions.js';
import { wrapBody } from './wrap-body.js';

/**
 * Generators. The span starts at the first `next()` (the body does not run before) and ends on
 * completion, on a throw, or on `return()` (an early `break` out of `for…of`), since all of those run
 * the `finally`. Every `yield` suspends and resumes the span's context. A generator's return value is
 * its last `value`, not a result, so it is not checked for errors.
 */
export function instrumentGenerator(ctx: CodegenContext, fn: FunctionWithBlock, site: t.Identifier): void {
  const body = fn.body;
  rewriteOwnBody(
    ctx.t,
    body,
    {
      YieldExpression: (node) => rewriteYield(ctx, node, false),
      CatchClause: (node) => rewriteCatch(ctx, node),
      TryStatement: (node) => rewriteFinally(ctx, node),
    },
    ctx.ignored,
    ctx.resumeAfter,
    () => resumeStatement(ctx),
  );
  wrapBody(ctx, fn.params, body, site);
}
