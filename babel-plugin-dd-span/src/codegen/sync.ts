import type { BabelTypes as t } from '../babel-types.js';
import { resumeStatement, type CodegenContext, type FunctionWithBlock } from './context.js';
import { rewriteOwnBody } from './own-body.js';
import { wrapBody } from './wrap-body.js';

/**
 * Plain functions, methods, getters, setters and constructors. `return x` becomes
 * `return rt.ret(frame, x)` so that a returned `Error` is recorded; the value is untouched.
 * A constructor needs nothing more: nothing generated reads `this`, so code before `super()` is safe.
 */
export function instrumentSync(ctx: CodegenContext, fn: FunctionWithBlock, site: t.Identifier): void {
  const body = fn.body;
  const { t, refs } = ctx;
  rewriteOwnBody(
    t,
    body,
    {
      ReturnStatement(node) {
        if (node.argument) node.argument = refs.call('ret', [refs.frameRef(), node.argument]);
        return node;
      },
    },
    ctx.ignored,
    ctx.resumeAfter,
    () => resumeStatement(ctx),
  );
  wrapBody(ctx, fn.params, body, site);
}
