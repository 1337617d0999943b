import type { BabelTypes as t, NodePath } from '../babel-types.js';

// The names under which code reaches the global object in browsers, workers and Node.
const GLOBAL_OBJECTS = new Set(['globalThis', 'window', 'self']);

/**
 * When `call` calls one of `names` as a global (`fetch(…)`, `globalThis.fetch(…)`, `window.fetch(…)`,
 * `self.fetch(…)`), the name it calls and the global object it calls it on (`null` for a bare call).
 * A name the code binds itself (an import, a parameter, a local `fetch`) is not the global.
 */
export function globalCallee(
  call: NodePath<t.CallExpression>,
  names: ReadonlySet<string>,
): { name: string; receiver: string | null } | null {
  const callee = call.node.callee;
  if (callee.type === 'Identifier') {
    return names.has(callee.name) && call.scope.getBinding(callee.name) === undefined ? { name: callee.name, receiver: null } : null;
  }
  if (
    callee.type === 'MemberExpression' &&
    !callee.computed &&
    callee.property.type === 'Identifier' &&
    names.has(callee.property.name) &&
    callee.object.type === 'Identifier' &&
    GLOBAL_OBJECTS.has(callee.object.name) &&
    call.scope.getBinding(callee.object.name) === undefined
  ) {
    return { name: callee.property.name, receiver: callee.object.name };
  }
  return null;
}
