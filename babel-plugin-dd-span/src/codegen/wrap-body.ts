import type { BabelTypes as t, Node, Types } from '../babel-types.js';
import type { CodegenContext } from './context.js';

/**
 * Turns a body into
 *
 *     var frame = rt.start(site);
 *     try { …the original statements… }
 *     catch (error) { rt.fail(frame, error); throw error; }
 *     finally { rt.end(frame); }
 *
 * The original statement nodes move into the `try` block; none is cloned, so each keeps its `loc`.
 * The `"use strict"` prologue stays in `directives`, so it stays first.
 *
 * Inner function declarations move with the other statements: they must keep seeing the body's
 * `let`, `const` and `class` bindings, which now live in the block, and a block hoists its function
 * declarations too. The block would reject or bind differently a declaration that shares its name
 * with a parameter, a `var` (or an Annex B function in a nested block), or another body-level
 * function: such a declaration stays in front, at function level, exactly as it was.
 */
export function wrapBody(ctx: CodegenContext, params: readonly Node[], body: t.BlockStatement, site: t.Identifier): void {
  const { t, refs } = ctx;
  const clashing = namesTheBlockWouldBindDifferently(t, params, body);
  const lifted: t.Statement[] = [];
  const rest: t.Statement[] = [];
  for (const statement of body.body) {
    const stays = statement.type === 'FunctionDeclaration' && statement.id != null && clashing.has(statement.id.name);
    (stays ? lifted : rest).push(statement);
  }
  const caught = t.identifier(refs.caught);
  body.body = [
    ...lifted,
    t.variableDeclaration('var', [t.variableDeclarator(refs.frameRef(), refs.call('start', [site]))]),
    t.tryStatement(
      t.blockStatement(rest),
      t.catchClause(
        caught,
        t.blockStatement([
          t.expressionStatement(refs.call('fail', [refs.frameRef(), t.identifier(refs.caught)])),
          t.throwStatement(t.identifier(refs.caught)),
        ]),
      ),
      t.blockStatement([t.expressionStatement(refs.call('end', [refs.frameRef()]))]),
    ),
  ];
}

function namesTheBlockWouldBindDifferently(t: Types, params: readonly Node[], body: t.BlockStatement): Set<string> {
  const clashing = new Set<string>();
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
