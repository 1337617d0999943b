import type { BabelTypes as t, Node, Types } from '../babel-types.js';
import type { CodegenContext, FunctionWithBlock } from './context.js';

/**
 * Turns a body into
 *
 *     var frame = rt.start(site), thrown;
 *     try { …the original statements… }
 *     catch (error) { thrown = [error]; throw error; }
 *     finally { rt.end(frame, thrown); }
 *
 * The `catch` only keeps the thrown value, boxed so that `throw undefined` is told from no throw,
 * for `end` to record: a call in the `catch` made V8 11 (Node 20) keep the loop variables of the
 * whole `try` block on the stack, which made a hot loop in an annotated function several times slower.
 *
 * The body's own node becomes the `try` block, holding the original statement nodes, and the
 * function gets a new body: nothing is cloned, so each node keeps its `loc`, and the paths Babel
 * made for the statements stay valid under the same parent (see scope-update.ts). The
 * `"use strict"` prologue moves to the new body's `directives`, so it stays first.
 *
 * Inner function declarations move with the other statements: they must keep seeing the body's
 * `let`, `const` and `class` bindings, which now live in the block, and a block hoists its function
 * declarations too. The block would reject or bind differently a declaration that shares its name
 * with a parameter, a `var` (or an Annex B function in a nested block), or another body-level
 * function: such a declaration stays in front, at function level, exactly as it was.
 */
export function wrapBody(ctx: CodegenContext, fn: FunctionWithBlock, site: t.Identifier): void {
  const { t, refs } = ctx;
  const body = fn.body;
  const clashing = namesTheBlockWouldBindDifferently(t, fn.params, body);
  const lifted: t.Statement[] = [];
  const rest: t.Statement[] = [];
  for (const statement of body.body) {
    const stays = statement.type === 'FunctionDeclaration' && statement.id != null && clashing.has(statement.id.name);
    (stays ? lifted : rest).push(statement);
  }
  body.body = rest;
  fn.body = t.blockStatement(
    [
      ...lifted,
      t.variableDeclaration('var', [
        t.variableDeclarator(refs.frameRef(), refs.call('start', [site])),
        t.variableDeclarator(t.identifier(refs.thrown)),
      ]),
      t.tryStatement(
        body,
        t.catchClause(
          t.identifier(refs.caught),
          t.blockStatement([
            t.expressionStatement(t.assignmentExpression('=', t.identifier(refs.thrown), t.arrayExpression([t.identifier(refs.caught)]))),
            t.throwStatement(t.identifier(refs.caught)),
          ]),
        ),
        t.blockStatement([t.expressionStatement(refs.call('end', [refs.frameRef(), t.identifier(refs.thrown)]))]),
      ),
    ],
    body.directives,
  );
  body.directives = [];
}

function namesTheBlockWouldBindDifferently(t: Types, params: readonly Node[], body: t.BlockStatement): Set<string> {
  const clashing = new Set<string>();
  // Most bodies declare no function: then there is nothing to compare, and no need to walk the body.
  if (!body.body.some((statement) => statement.type === 'FunctionDeclaration')) return clashing;
  const functionLevel = new Set<string>();
  for (const param of params) {
    const target = param.type === 'TSParameterProperty' ? param.parameter : param;
    for (const name of Object.keys(t.getBindingIdentifiers(target))) functionLevel.add(name);
  }
  collectVarScopedNames(t, body, true, functionLevel);
  const seen = new Set<string>();
  for (const statement of body.body) {
    if (statement.type !== 'FunctionDeclaration' || statement.id == null) continue;
    const name = statement.id.name;
    if (seen.has(name) || functionLevel.has(name)) clashing.add(name);
    seen.add(name);
  }
  return clashing;
}

// `var` names anywhere in the function's own body, and the names of function declarations in
// nested blocks (Annex B gives those a function-level binding too). Nested functions and class
// static blocks have their own var scope.
function collectVarScopedNames(t: Types, node: Node, isBody: boolean, names: Set<string>): void {
  if (t.isFunction(node) || node.type === 'StaticBlock') return;
  if (node.type === 'VariableDeclaration' && node.kind === 'var') {
    for (const declarator of node.declarations) {
      for (const name of Object.keys(t.getBindingIdentifiers(declarator.id))) names.add(name);
    }
  }
  const record = node as unknown as Record<string, unknown>;
  for (const key of t.VISITOR_KEYS[node.type] ?? []) {
    const child = record[key];
    const children = Array.isArray(child) ? child : [child];
    for (const item of children as Array<Node | null | undefined>) {
      if (item === null || typeof item !== 'object' || typeof item.type !== 'string') continue;
      if (!isBody && item.type === 'FunctionDeclaration' && item.id != null) names.add(item.id.name);
      collectVarScopedNames(t, item, false, names);
    }
  }
}

/** True when a body already has the shape `wrapBody` gives it (a second run of the plugin, or plugin plus preset). */
export function isWrapped(body: t.BlockStatement): boolean {
  const callsEntry = (node: t.Node | null | undefined, entry: string) =>
    node?.type === 'CallExpression' &&
    node.callee.type === 'MemberExpression' &&
    node.callee.property.type === 'Identifier' &&
    node.callee.property.name === entry;
  const startsFrame = (statement: t.Statement) =>
    statement.type === 'VariableDeclaration' && callsEntry(statement.declarations[0]?.init, 'start');
  const endsFrame = (statement: t.Statement | undefined) => {
    const first = statement?.type === 'TryStatement' ? statement.finalizer?.body[0] : undefined;
    return first?.type === 'ExpressionStatement' && callsEntry(first.expression, 'end');
  };
  // Other plugins may have put statements before ours (TypeScript's parameter properties, lowered
  // default parameters): the pair can stand anywhere at the top of the body.
  return body.body.some((statement, index) => startsFrame(statement) && endsFrame(body.body[index + 1]));
}
