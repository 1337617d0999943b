import type { InstrumentableFunction } from '../attach.js';
import type { BabelTypes as t } from '../babel-types.js';
import { instrumentAsyncGenerator } from './async-generator.js';
import { instrumentAsync } from './async.js';
import type { CodegenContext, FunctionWithBlock } from './context.js';
import { instrumentGenerator } from './generator.js';
import { instrumentSync } from './sync.js';
import { isWrapped } from './wrap-body.js';

export type { CodegenContext } from './context.js';

// An arrow with an expression body gets a block: `x => f(x)` becomes `x => { return f(x); }`; the
// expression node itself (and its `loc`) moves into the return.
function withBlockBody(ctx: CodegenContext, fn: InstrumentableFunction): FunctionWithBlock {
  if (fn.body.type !== 'BlockStatement') {
    fn.body = ctx.t.blockStatement([ctx.t.returnStatement(fn.body)]);
    if (fn.type === 'ArrowFunctionExpression') fn.expression = false;
  }
  return fn as FunctionWithBlock;
}

/** True when `fn` already has the instrumented shape (a second run of the plugin, or plugin and preset both listed). */
export function isInstrumented(fn: InstrumentableFunction): boolean {
  return fn.body.type === 'BlockStatement' && isWrapped(fn.body);
}

/** Rewrites `fn`'s body in place so that every call opens a span described by the site variable `site`. */
export function instrumentFunction(ctx: CodegenContext, fn: InstrumentableFunction, site: t.Identifier): void {
  const block = withBlockBody(ctx, fn);
  if (fn.async && fn.generator) instrumentAsyncGenerator(ctx, block, site);
  else if (fn.async) instrumentAsync(ctx, block, site);
  else if (fn.generator) instrumentGenerator(ctx, block, site);
  else instrumentSync(ctx, block, site);
}
