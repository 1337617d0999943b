import type { BabelTypes as t } from '../babel-types.js';
import type { CodegenContext } from './context.js';

/**
 * Turns a body into
 *
 *     function declarations of the body (still hoisted, still at function level)
 *     var frame = rt.start(site);
 *     try { …the original statements… }
 *     catch (error) { rt.fail(frame, error); throw error; }
 *     finally { rt.end(frame); }
 *
 * The original statement nodes move into the `try` block; none is cloned, so each keeps its `loc`.
 * Function declarations stay outside the block: inside it, sloppy-mode Annex B rules would change
 * which binding they create. The `"use strict"` prologue stays in `directives`, so it stays first.
 */
export function wrapBody(ctx: CodegenContext, body: t.BlockStatement, site: t.Identifier): void {
  const { t, refs } = ctx;
  const hoisted: t.Statement[] = [];
  const rest: t.Statement[] = [];
  for (const statement of body.body) (statement.type === 'FunctionDeclaration' ? hoisted : rest).push(statement);
  const caught = t.identifier(refs.caught);
  body.body = [
    ...hoisted,
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

/** True when a body already has the shape `wrapBody` gives it (a second run of the plugin, or plugin plus preset). */
export function isWrapped(body: t.BlockStatement): boolean {
  const statements = body.body.filter((statement) => statement.type !== 'FunctionDeclaration');
  const [declaration, tryStatement] = statements;
  if (declaration?.type !== 'VariableDeclaration' || tryStatement?.type !== 'TryStatement') return false;
  const init = declaration.declarations[0]?.init;
  const callsEntry = (node: t.Node | null | undefined, entry: string) =>
    node?.type === 'CallExpression' &&
    node.callee.type === 'MemberExpression' &&
    node.callee.property.type === 'Identifier' &&
    node.callee.property.name === entry;
  const finalizer = tryStatement.finalizer?.body[0];
  return callsEntry(init, 'start') && finalizer?.type === 'ExpressionStatement' && callsEntry(finalizer.expression, 'end');
}
