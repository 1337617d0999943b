import type { BabelTypes as t, Node, NodePath, Types } from '../babel-types.js';
import type { IgnoredRanges } from '../ignore.js';
import { childPath } from '../scope-update.js';
import type { Integration, Rewrite } from './types.js';

/** A call an integration rewrites, with Babel's path to it. */
export interface FoundCall {
  readonly call: NodePath<t.CallExpression>;
  readonly rewrite: Rewrite;
}

/** Position ranges of the bodies of the functions being instrumented, where their frame variable is in scope. */
export class Bodies {
  private readonly ranges: Array<readonly [number, number]> = [];

  constructor(bodies: readonly Node[]) {
    for (const { start, end } of bodies) {
      if (typeof start === 'number' && typeof end === 'number') this.ranges.push([start, end]);
    }
  }

  covers(node: Node): boolean {
    const { start, end } = node;
    if (typeof start !== 'number' || typeof end !== 'number') return false;
    return this.ranges.some(([from, to]) => from <= start && end <= to);
  }
}

/**
 * The integrations' rewrites, in one walk over the file's nodes. An integration reads a call through
 * Babel's path, with its scopes (a `fetch` the file binds itself is not the global one), but a path
 * is only looked up for a call whose callee, as written, passes some integration's text test
 * (`mayApply`): a Babel traversal of the whole file would cost more than the rest of the plugin.
 * Calls under `//orchestrion:ignore` are not offered; those of `instrumented` integrations only in
 * `bodies`.
 */
export function findCalls(
  t: Types,
  program: NodePath<t.Program>,
  code: string,
  integrations: readonly Integration[],
  ignored: IgnoredRanges,
  bodies: Bodies,
): FoundCall[] {
  const { VISITOR_KEYS } = t;
  const found: FoundCall[] = [];
  // The way from the program to the node being visited, and its paths, made only for a candidate.
  const keys: string[] = [];
  const indexes: number[] = [];
  const paths: Array<NodePath | null> = [];
  const pathHere = (): NodePath => {
    let path: NodePath = program;
    for (let depth = 0; depth < keys.length; depth++) {
      path = paths[depth] ??= childPath(path, keys[depth]!, indexes[depth] === -1 ? null : indexes[depth]!, false);
      if (path.scope == null) path.setContext(path.parentPath!.context);
    }
    return path;
  };
  const offer = (node: t.CallExpression): void => {
    const { start, end } = node.callee;
    // Without source text or positions, every call is a candidate.
    const callee = code !== '' && typeof start === 'number' && typeof end === 'number' ? `${code.slice(start, end)}(` : null;
    let call: NodePath<t.CallExpression> | undefined;
    let inBody: boolean | undefined;
    for (const integration of integrations) {
      if (integration.reach === 'instrumented' && !(inBody ??= bodies.covers(node))) continue;
      if (callee !== null && !integration.mayApply(callee)) continue;
      call ??= pathHere() as NodePath<t.CallExpression>;
      const rewrite = integration.find(call, { ignored });
      if (rewrite !== null) found.push({ call, rewrite });
    }
  };
  const visit = (node: Node): void => {
    if (ignored.covers(node)) return;
    if (node.type === 'CallExpression') offer(node);
    const record = node as unknown as Record<string, unknown>;
    for (const key of VISITOR_KEYS[node.type] ?? []) {
      const child = record[key];
      if (child === null || typeof child !== 'object') continue;
      keys.push(key);
      paths.push(null);
      if (Array.isArray(child)) {
        indexes.push(0);
        for (let index = 0; index < child.length; index++) {
          const item = child[index] as Node | null;
          if (item === null || typeof item !== 'object') continue;
          indexes[indexes.length - 1] = index;
          paths[paths.length - 1] = null;
          visit(item);
        }
      } else {
        indexes.push(-1);
        visit(child as Node);
      }
      keys.pop();
      indexes.pop();
      paths.pop();
    }
  };
  visit(program.node);
  return found;
}
