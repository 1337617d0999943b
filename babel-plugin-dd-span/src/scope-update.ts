import type { Ancestry, BabelTypes as t, Node, NodePath, Types } from './babel-types.js';
import type { RuntimeRefs } from './codegen/runtime-refs.js';

// Babel's scope information must describe the rewritten code for the plugins that run after this
// one (Babel 7's TypeScript plugin, for one, removes an import none of whose references it knows).
// Re-reading a rewritten function whole (`scope.crawl()`) costs as much as Babel's first reading of
// it, for every annotated function of a file: this tells Babel about exactly what changed instead.
//
// Babel finds the path of a node by its parent (its parent node in Babel 7, its parent path in
// Babel 8) and the scope of a node by its path. A node the rewrite puts under a new parent would
// get new paths, and, when it holds a scope, a new scope read again from scratch. So the rewrite
// keeps every original node under its parent where it can: a function's old body node becomes its
// `try` block (wrap-body.ts). What remains is told to Babel here, with its public scope API plus two
// of its stable internals: the path store of Babel 8, and a scope's `crawling` flag.

// The static path constructor-or-cache lookup of Babel 7's and 8's NodePath class.
interface NodePathClass {
  get(location: { parentPath: NodePath; parent: Node; container: unknown; listKey?: string; key: string | number }): NodePath;
}

// Babel 8 keeps the paths of a node's children on the node's path, not in a table keyed by the node.
type WithStore = NodePath & { _store?: unknown };
type CrawlableScope = NodePath['scope'] & { crawling?: boolean };

// Kinds of binding that stay with the function when its statements move into the `try` block.
const FUNCTION_LEVEL_KINDS = new Set(['var', 'param', 'local']);

// Where a `return` can stand in a function's own code: the children that hold statements.
const STATEMENT_KEYS: Readonly<Record<string, readonly string[]>> = {
  BlockStatement: ['body'],
  IfStatement: ['consequent', 'alternate'],
  ForStatement: ['body'],
  ForInStatement: ['body'],
  ForOfStatement: ['body'],
  WhileStatement: ['body'],
  DoWhileStatement: ['body'],
  LabeledStatement: ['body'],
  WithStatement: ['body'],
  TryStatement: ['block', 'handler', 'finalizer'],
  CatchClause: ['body'],
  SwitchStatement: ['cases'],
  SwitchCase: ['consequent'],
  ReturnStatement: ['argument'],
};

/** A child path, looked up or made with no other sibling path made on the way (`get('body.3')` makes them all). */
export function childPath(parentPath: NodePath, key: string, index: number | null, withContext: boolean): NodePath {
  const NodePath = parentPath.constructor as unknown as NodePathClass;
  const parent = parentPath.node;
  const path =
    index === null
      ? NodePath.get({ parentPath, parent, container: parent, key })
      : NodePath.get({ parentPath, parent, container: (parent as unknown as Record<string, unknown>)[key], listKey: key, key: index });
  if (withContext) path.setContext(parentPath.context);
  return path;
}

/** The path Babel holds for the node `ancestry` ends at, looked up one step at a time from the program. */
export function pathAt(program: NodePath<t.Program>, ancestry: Ancestry): NodePath {
  let path: NodePath = program;
  for (let depth = 1; depth < ancestry.length; depth++) {
    const { key, container, index } = ancestry[depth]!;
    // Babel made a path for every node when it first read the program's scopes; should one be
    // missing, it gets a context, hence a scope.
    path = childPath(path, key!, container === null ? null : index, false);
    if (path.scope == null) path.setContext(path.parentPath!.context);
  }
  return path;
}

/** What must be known of an annotated function before its rewrite, to tell Babel about it after. */
export interface Rewriting {
  readonly fn: NodePath;
  readonly body: NodePath;
}

export function beforeRewrite(fn: NodePath): Rewriting {
  return { fn, body: childPath(fn, 'body', null, false) };
}

/**
 * After `wrapBody`: the function's new body is `[...lifted declarations, var frame = …, try {…}]`,
 * with the old body node as the `try` block. Registers the frame variable, gives the block its
 * scope (as Babel would read it, but from the bindings it already has), and registers every
 * reference the generated code makes, in the function's own code (nested functions do their own).
 */
export function afterRewrite(t: Types, { fn, body: oldBody }: Rewriting, refs: RuntimeRefs): void {
  const functionScope = fn.scope as CrawlableScope;
  const body = childPath(fn, 'body', null, true);
  const statements = (body.node as t.BlockStatement).body;
  const frame = childPath(body, 'body', statements.length - 2, true);
  functionScope.registerDeclaration(frame);
  const tryPath = childPath(body, 'body', statements.length - 1, true);

  // The block's paths: those of the old body, which are its children's (Babel 8 stores them there).
  const block = childPath(tryPath, 'block', null, false) as WithStore;
  if (block.node === oldBody.node && (oldBody as WithStore)._store != null) block._store = (oldBody as WithStore)._store;
  // Its scope, left empty rather than read: it gets the bindings the function's scope has for it.
  unread(functionScope, () => block.setContext(tryPath.context));
  const blockScope = block.scope;
  if (blockScope !== functionScope) {
    const lifted = new Set(statements.slice(0, -2).map((statement) => (statement as t.FunctionDeclaration).id!.name));
    for (const [name, binding] of Object.entries(functionScope.bindings)) {
      if (FUNCTION_LEVEL_KINDS.has(binding.kind) || lifted.has(name)) continue;
      blockScope.bindings[name] = binding;
      binding.scope = blockScope;
      delete functionScope.bindings[name];
    }
    // Labels register with the nearest block: the top-level statements' are now the block's.
    const labels = (functionScope as unknown as { labels: Map<string, unknown> }).labels;
    const blockLabels = (blockScope as unknown as { labels: Map<string, unknown> }).labels;
    for (const [name, label] of labels) blockLabels.set(name, label);
    labels.clear();
  }
  // A plain function's rewrite puts generated code only around its statements and `return`s (the
  // integrations' calls are registered on their own); an async function's or a generator's, around
  // any `await` and `yield`.
  const async = (fn.node as t.Function).async || (fn.node as t.Function).generator;
  registerReferences(t, body, (name) => refs.owns(name), async ? 'all' : 'statements');
}

/**
 * Walks the code under `root` (not entering nested functions) and tells Babel about the generated
 * nodes in it: registers the references their identifiers (those `isGenerated` names) make, and
 * keeps the paths and scopes of the original nodes they now hold (a returned class expression
 * inside `rt.ret(frame, …)`), which Babel would otherwise make and read again from scratch.
 * `inOriginalCode` says where generated nodes can stand in the original code: under any node, or
 * only among statements.
 */
export function registerReferences(
  t: Types,
  root: NodePath,
  isGenerated: (name: string) => boolean,
  inOriginalCode: 'all' | 'statements' = 'all',
): void {
  const { VISITOR_KEYS, isFunction, isReferenced, isScope } = t;
  // The way from `root` to the node being visited: each step's node, its key and index (-1 outside
  // an array), its path, made only when needed, and whether its scope is to be read on leaving it.
  const nodes: Node[] = [];
  const keys: string[] = [];
  const indexes: number[] = [];
  const paths: Array<NodePath | null> = [];
  const readOnLeave: boolean[] = [];
  const pathAtDepth = (depth: number): NodePath => {
    let path = root;
    for (let at = 0; at <= depth; at++) {
      path = paths[at] ??= makePath(at, path);
    }
    return path;
  };
  // A generated node that makes a scope (a `catch` clause, the block that closes a `for await`
  // loop) may hold original nodes: Babel reads its scope only once they have their old paths back.
  const makePath = (depth: number, parentPath: NodePath): NodePath => {
    const node = nodes[depth]!;
    const index = indexes[depth] === -1 ? null : indexes[depth]!;
    const known = childPath(parentPath, keys[depth]!, index, false).scope != null;
    if (known || typeof node.start === 'number' || !isScope(node, parentPath.node)) return childPath(parentPath, keys[depth]!, index, true);
    readOnLeave[depth] = true;
    return unread(parentPath.scope, () => childPath(parentPath, keys[depth]!, index, true));
  };
  const visit = (node: Node, parent: Node | null, grandparent: Node | null): void => {
    const depth = nodes.length - 1;
    const original = typeof node.start === 'number';
    if (parent !== null && original && typeof parent.start !== 'number') adopt(depth);
    if (node.type === 'Identifier') {
      if (parent !== null && isGenerated(node.name) && isReferenced(node, parent, grandparent ?? undefined)) {
        const path = pathAtDepth(depth) as NodePath<t.Identifier>;
        // Inside a scope still to be read, reading it registers the reference (and its binding).
        if (!readOnLeave.includes(true)) reference(path);
      }
      return;
    }
    if (isFunction(node)) return;
    // The only declaration generated inside original code: an exit guard (`using`, see suspensions.ts).
    if (!original && node.type === 'VariableDeclaration' && (node.kind as string) === 'using' && !readOnLeave.includes(true)) {
      const path = pathAtDepth(depth);
      path.scope.registerDeclaration(path);
    }
    const record = node as unknown as Record<string, unknown>;
    const childKeys = original && inOriginalCode === 'statements' ? STATEMENT_KEYS[node.type] : VISITOR_KEYS[node.type];
    for (const key of childKeys ?? []) {
      const child = record[key];
      if (child === null || typeof child !== 'object') continue;
      if (Array.isArray(child)) {
        for (let index = 0; index < child.length; index++) {
          const item = child[index] as Node | null;
          if (item === null || typeof item !== 'object') continue;
          enter(item, key, index);
          visit(item, node, parent);
          leave();
        }
      } else {
        enter(child as Node, key, -1);
        visit(child as Node, node, parent);
        leave();
      }
    }
  };
  const enter = (node: Node, key: string, index: number): void => {
    nodes.push(node);
    keys.push(key);
    indexes.push(index);
    paths.push(null);
    readOnLeave.push(false);
  };
  const leave = (): void => {
    if (readOnLeave.pop() === true) paths[paths.length - 1]!.scope.crawl();
    nodes.pop();
    keys.pop();
    indexes.pop();
    paths.pop();
  };
  // An original node the rewrite put under a generated one. Its old path hangs under the nearest
  // original node above (in Babel 8's path store): handing that same path to the new parent keeps
  // everything below. Babel 7 stores paths by parent node, so only the node itself gets a new path:
  // its scope, when it has one, is kept by pointing it at that path.
  const adopt = (depth: number): void => {
    const node = nodes[depth]!;
    let anchor = depth - 1;
    while (anchor >= 0 && typeof nodes[anchor]!.start !== 'number') anchor--;
    const parentPath = (depth > 0 ? pathAtDepth(depth - 1) : root) as WithStore;
    // A node already given its new path (the old body, now the `try` block).
    if ((parentPath._store as Map<Node, NodePath> | null | undefined)?.has(node)) return;
    const anchorPath = (anchor >= 0 ? pathAtDepth(anchor) : typeof root.node.start === 'number' ? root : root.parentPath!) as WithStore;
    const oldPath = (anchorPath._store as Map<Node, NodePath> | null | undefined)?.get(node);
    const index = indexes[depth] === -1 ? null : indexes[depth]!;
    if (oldPath !== undefined) {
      const store = (parentPath._store ??= new Map()) as Map<Node, NodePath>;
      store.set(node, oldPath);
      (oldPath as { parent: Node }).parent = parentPath.node;
    } else {
      const path = childPath(parentPath, keys[depth]!, index, false);
      const scope = scopeOf(path) as (NodePath['scope'] & { path: NodePath }) | undefined;
      if (scope === undefined) return;
      scope.path = path;
    }
    // Placed, and given its scope (the one it had), like any path Babel hands out.
    paths[depth] = childPath(parentPath, keys[depth]!, index, true);
  };
  // The scope a node makes, as Babel 7 still knows it through the paths of its children (stored by
  // the node): the first child not making a scope of its own has it.
  const scopeOf = (path: NodePath): NodePath['scope'] | undefined => {
    const node = path.node as unknown as Record<string, unknown>;
    for (const key of VISITOR_KEYS[path.node.type] ?? []) {
      const child = node[key];
      if (child === null || typeof child !== 'object' || Array.isArray(child)) continue;
      const scope = childPath(path, key, null, false).scope;
      if (scope?.block === path.node) return scope;
    }
    return undefined;
  };
  visit(root.node, null, null);
}

/** Runs `make` while `scope` counts as being read: Babel then leaves any scope `make` creates below it empty. */
function unread<T>(scope: NodePath['scope'], make: () => T): T {
  const reading = scope as CrawlableScope;
  const was = reading.crawling;
  reading.crawling = true;
  try {
    return make();
  } finally {
    reading.crawling = was;
  }
}

function reference(path: NodePath<t.Identifier>): void {
  const binding = path.scope.getBinding(path.node.name);
  if (binding === undefined) path.scope.getProgramParent().addGlobal(path.node);
  else binding.reference(path);
}
