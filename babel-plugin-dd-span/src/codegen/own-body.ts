import type { BabelTypes as t, Node, Types } from '../babel-types.js';
import type { IgnoredRanges } from '../ignore.js';

/**
 * Rewrites of the nodes that belong to one function's own body. Each receives a node whose children
 * were already rewritten, and returns its replacement (or the node itself).
 */
export interface OwnBodyRewrites {
  ReturnStatement?(node: t.ReturnStatement): Node;
  AwaitExpression?(node: t.AwaitExpression): Node;
  YieldExpression?(node: t.YieldExpression): Node;
  ForOfStatement?(node: t.ForOfStatement): Node;
  BlockStatement?(node: t.BlockStatement): Node;
  CatchClause?(node: t.CatchClause): Node;
  TryStatement?(node: t.TryStatement): Node;
}

/**
 * Walks the statements of one function's body, never entering nested functions (they have their own
 * `return`, `await` and `yield`) nor ignored subtrees, and applies `rewrites` bottom-up.
 *
 * A loop listed in `resumeAfter` (`for await`, whose exit awaits the iterator's `return()`, or
 * `for (await using …)`, whose exit awaits a disposal) becomes `try { loop } finally { resumeStatement() }`,
 * so that every way out of it (its end, `break`, `continue` or `break` to an outer label, `return`, a throw) resumes. A labelled
 * loop is wrapped outside its outermost label, so that `continue label` still names a loop.
 */
export function rewriteOwnBody(
  t: Types,
  body: t.BlockStatement,
  rewrites: OwnBodyRewrites,
  ignored: IgnoredRanges,
  resumeAfter: WeakSet<Node>,
  resumeStatement: () => t.Statement,
): void {
  // Read once: `t`'s members are getters, and this walk visits every node of the body.
  const { VISITOR_KEYS, isFunction } = t;
  const endsWithResumption = (node: Node): boolean =>
    resumeAfter.has(node) || (node.type === 'LabeledStatement' && endsWithResumption(node.body));

  const resumingAfter = (statement: Node): t.TryStatement =>
    t.tryStatement(t.blockStatement([statement as t.Statement]), null, t.blockStatement([resumeStatement()]));

  const visit = (node: Node): Node => {
    if (ignored.covers(node) || isFunction(node)) return node;
    const record = node as unknown as Record<string, unknown>;
    for (const key of VISITOR_KEYS[node.type] ?? []) {
      const child = record[key];
      if (Array.isArray(child)) {
        for (let index = 0; index < child.length; index++) {
          const item = child[index] as Node | null;
          if (item === null || typeof item !== 'object') continue;
          const replaced = visit(item);
          child[index] = endsWithResumption(replaced) ? resumingAfter(replaced) : replaced;
        }
      } else if (child !== null && typeof child === 'object' && typeof (child as Node).type === 'string') {
        const replaced = visit(child as Node);
        record[key] = endsWithResumption(replaced) && node.type !== 'LabeledStatement' ? resumingAfter(replaced) : replaced;
      }
    }
    const rewrite = rewrites[node.type as keyof OwnBodyRewrites] as ((node: Node) => Node) | undefined;
    return rewrite === undefined ? node : rewrite(node);
  };

  visit(body);
}
