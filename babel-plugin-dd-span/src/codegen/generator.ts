import type { BabelTypes as t } from '../babel-types.js';
import type { CodegenContext, FunctionWithBlock } from './context.js';
import { instrumentBody, resumingHandlers } from './instrument-body.js';
import { rewriteYield } from './suspensions.js';

/**
 * Generators. The span starts at the first `next()` (the body does not run before) and ends on
 * completion, on a throw, or on `return()` (an early `break` out of `for…of`), since all of those run
 * the `finally`. Every `yield` suspends and resumes the span's context. A generator's return value is
 * its last `value`, not a result, so it is not checked for errors.
 */
export function instrumentGenerator(ctx: CodegenContext, fn: FunctionWithBlock, site: t.Identifier): void {
  instrumentBody(ctx, fn, site, {
    YieldExpression: (node) => rewriteYield(ctx, node, false),
    ...resumingHandlers(ctx),
  });
}
