import type { BabelTypes as t } from '../babel-types.js';
import { resumeStatement, type CodegenContext } from './context.js';
import type { OwnBodyRewrites } from './own-body.js';

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
 * `for (await using x of y)` awaits the disposal of `x` after each iteration: the body declares an
 * exit guard first, which is disposed before `x` is.
 */
export function rewriteForOf(ctx: CodegenContext, node: t.ForOfStatement): t.ForOfStatement {
  const disposesAsync = isAwaitUsing(node.left);
  if (!node.await && !disposesAsync) return node;
  const { t, refs } = ctx;
  if (node.await) node.right = refs.call('iterate', [refs.frameRef(), node.right, t.booleanLiteral(true)]);
  if (node.body.type !== 'BlockStatement') node.body = t.blockStatement([node.body]);
  if (disposesAsync) node.body.body.unshift(exitGuard(ctx));
  startWithResume(ctx, node.body);
  ctx.resumeAfter.add(node);
  return node;
}

const isAwaitUsing = (node: t.Node): boolean => node.type === 'VariableDeclaration' && (node.kind as string) === 'await using';

/** `using _ddExit = rt.suspendOnExit(frame);` */
function exitGuard(ctx: CodegenContext): t.VariableDeclaration {
  const { t, refs } = ctx;
  return t.variableDeclaration('using' as 'const', [t.variableDeclarator(refs.exitGuard(), refs.call('suspendOnExit', [refs.frameRef()]))]);
}

/** Puts an exit guard after each `await using` declaration among `statements`; true when there was one. */
function guardAwaitUsing(ctx: CodegenContext, statements: t.Statement[]): boolean {
  let found = false;
  for (let index = statements.length - 1; index >= 0; index--) {
    if (!isAwaitUsing(statements[index]!)) continue;
    statements.splice(index + 1, 0, exitGuard(ctx));
    found = true;
  }
  return found;
}

/**
 * A block that declares `await using` resources awaits their disposal as it exits: an implicit
 * suspension. An exit guard declared after each such declaration is disposed before it (resources
 * are disposed last-declared first) and gives the caller its context back; every way out of the
 * block then resumes: `{ try { block } finally { rt.resume(frame); } }`, a block again so that it
 * can stand where a block must (a `catch` or `finally` body). The function's own body exits into
 * the span's `finally`, which needs no resumption.
 */
export function rewriteBlockDisposal(ctx: CodegenContext, node: t.BlockStatement): t.Node {
  if (!guardAwaitUsing(ctx, node.body)) return node;
  const { t } = ctx;
  return t.blockStatement([t.tryStatement(node, null, t.blockStatement([resumeStatement(ctx)]))]);
}

/** The rewrite for `await using` in blocks (those in `for` heads are `rewriteForOf`'s; a `case` cannot declare one). */
export function disposalSuspensions(ctx: CodegenContext): Pick<OwnBodyRewrites, 'BlockStatement'> {
  return { BlockStatement: (node) => rewriteBlockDisposal(ctx, node) };
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
