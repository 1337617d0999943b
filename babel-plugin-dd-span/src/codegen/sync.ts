import type { BabelTypes as t } from '../babel-types.js';
import type { CodegenContext, FunctionWithBlock } from './context.js';
import { instrumentBody, returnsThrough } from './instrument-body.js';

/**
 * Plain functions, methods, getters, setters and constructors. `return x` becomes
 * `return rt.ret(frame, x)` so that a returned `Error` is recorded; the value is untouched.
 * A constructor needs nothing more: nothing generated reads `this`, so code before `super()` is safe.
 */
export function instrumentSync(ctx: CodegenContext, fn: FunctionWithBlock, site: t.Identifier): void {
  instrumentBody(ctx, fn, site, returnsThrough(ctx, 'ret'));
}
