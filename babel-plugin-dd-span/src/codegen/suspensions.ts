import type { BabelTypes as t } from '../babel-types.js';
import { resumeStatement, type CodegenContext } from './context.js';

// An async function or generator hands control back at every suspension and takes it again later.
// The caller must get its own context back at each suspension, and the span must be active again at
// each resumption. These rewrites mark both points; see docs/DESIGN.md for why each one exists.

/** `await x` becomes `rt.resume(frame, await rt.suspend(frame, x))`: same operand, same value, same ticks. */
export function rewriteAwait(ctx: CodegenContext, node: t.AwaitExpression): t.Expression {
  const { refs } = ctx;
  node.argument = refs.call('suspend', [refs.frameRef(), node.argument]);
  return refs.call('resume', [refs.frameRef(), node]);
}

/**
 * `yield x` becomes `rt.resume(frame, yield rt.suspend(frame, x))`. `yield* x` delegates to an
 * iterator that resumes and suspends around each step: `rt.resume(frame, yield* rt.iterate(frame, x, isAsync))`.
 */
export function rewriteYield(ctx: CodegenContext, node: t.YieldExpression, isAsync: boolean): t.Expression {
  const { t, refs } = ctx;
  const operand = node.argument ?? null;
  if (node.delegate && operand !== null) {
    node.argument = refs.call('iterate', [refs.frameRef(), operand, t.booleanLiteral(isAsync)]);
  } else {
    node.argument = refs.call('suspend', operand === null ? [refs.frameRef()] : [refs.frameRef(), operand]);
  }
  return refs.call('resume', [refs.frameRef(), node]);
}

// An ignored block stays exactly as written, its resumption point included (see docs/DESIGN.md, Known limits).
function startWithResume(ctx: CodegenContext, block: t.BlockStatement): void {
  if (!ctx.ignored.covers(block)) block.body.unshift(resumeStatement(ctx));
}

/**
 * `for await (x of y) body`: each iteration's implicit await is a suspension, handled by the iterator
 * `rt.iterate` returns; the body starts by resuming, and so does every way out of the loop (own-body.ts).
 */
export function rewriteForAwait(ctx: CodegenContext, node: t.ForOfStatement): t.ForOfStatement {
  if (!node.await) return node;
  const { t, refs } = ctx;
  node.right = refs.call('iterate', [refs.frameRef(), node.right, t.booleanLiteral(true)]);
  if (node.body.type !== 'BlockStatement') node.body = t.blockStatement([node.body]);
  startWithResume(ctx, node.body);
  ctx.resumeAfter.add(node);
  return node;
}

/** A `catch` block can be reached from a rejected `await` or a generator's `throw()`: it starts by resuming. */
export function rewriteCatch(ctx: CodegenContext, node: t.CatchClause): t.CatchClause {
  startWithResume(ctx, node.body);
  return node;
}

/** A `finally` block can be reached from a suspension (`return()`, a rejected `await`): it starts by resuming. */
export function rewriteFinally(ctx: CodegenContext, node: t.TryStatement): t.TryStatement {
  if (node.finalizer) startWithResume(ctx, node.finalizer);
  return node;
}
