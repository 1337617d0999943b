import type { BabelTypes as t } from '../babel-types.js';
import type { CodegenContext, FunctionWithBlock } from './context.js';
import { instrumentBody, resumingHandlers, returnsThrough } from './instrument-body.js';
import { disposalSuspensions, rewriteAwait, rewriteForOf, rewriteYield } from './suspensions.js';

/**
 * Async generators: both kinds of suspension. `return x` awaits `x` inside the `try` (so a rejection
 * is caught and recorded there): a suspension like any other, so it becomes `return rt.suspend(frame, x)`.
 * Only `catch`/`finally` blocks, which resume, and the span's end can run after it.
 */
export function instrumentAsyncGenerator(ctx: CodegenContext, fn: FunctionWithBlock, site: t.Identifier): void {
  instrumentBody(ctx, fn, site, {
    ...returnsThrough(ctx, 'suspend'),
    AwaitExpression: (node) => rewriteAwait(ctx, node),
    YieldExpression: (node) => rewriteYield(ctx, node, true),
    ForOfStatement: (node) => rewriteForOf(ctx, node),
    ...disposalSuspensions(ctx),
    ...resumingHandlers(ctx),
  });
}
