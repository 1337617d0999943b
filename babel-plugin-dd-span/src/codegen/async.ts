import type { BabelTypes as t } from '../babel-types.js';
import type { CodegenContext, FunctionWithBlock } from './context.js';
import { instrumentBody, resumingHandlers, returnsThrough } from './instrument-body.js';
import { disposalSuspensions, rewriteAwait, rewriteForOf } from './suspensions.js';

/**
 * Async functions and async arrows. `return x` becomes `return rt.retAsync(frame, x)`: when `x` is a
 * thenable, the span ends when it settles, not when `finally` runs (which happens before). Every
 * `await` suspends and resumes the span's context.
 */
export function instrumentAsync(ctx: CodegenContext, fn: FunctionWithBlock, site: t.Identifier): void {
  instrumentBody(ctx, fn, site, {
    ...returnsThrough(ctx, 'retAsync'),
    AwaitExpression: (node) => rewriteAwait(ctx, node),
    ForOfStatement: (node) => rewriteForOf(ctx, node),
    ...disposalSuspensions(ctx),
    ...resumingHandlers(ctx),
  });
}
