import { last, type Ancestry, type BabelTypes as t, type Node, type Step } from './babel-types.js';

/** The function kinds a directive can instrument: every function that has a body. */
export type InstrumentableFunction =
  | t.FunctionDeclaration
  | t.FunctionExpression
  | t.ArrowFunctionExpression
  | t.ObjectMethod
  | t.ClassMethod
  | t.ClassPrivateMethod;

export type ClassNode = t.ClassDeclaration | t.ClassExpression;

/** What a directive stands before, once the anchors (export, declaration, assignment, …) are seen through. */
export type Attachment =
  | { readonly kind: 'function'; readonly ancestry: Ancestry }
  | { readonly kind: 'class'; readonly ancestry: Ancestry }
  | { readonly kind: 'nothing'; readonly reason: string };

const FUNCTION_TYPES = new Set([
  'FunctionDeclaration',
  'FunctionExpression',
  'ArrowFunctionExpression',
  'ObjectMethod',
  'ClassMethod',
  'ClassPrivateMethod',
]);

/** Expression wrappers that change nothing at run time: parentheses and TypeScript/Flow type syntax. */
export const TRANSPARENT_WRAPPERS = new Set([
  'ParenthesizedExpression',
  'TSAsExpression',
  'TSSatisfiesExpression',
  'TSNonNullExpression',
  'TSTypeAssertion',
  'TSInstantiationExpression',
  'TypeCastExpression',
]);

export function isInstrumentableFunction(node: Node): node is InstrumentableFunction {
  return FUNCTION_TYPES.has(node.type);
}

function into(ancestry: Ancestry, key: string): Ancestry | null {
  const parent = last(ancestry).node;
  const node = (parent as unknown as Record<string, Node | null | undefined>)[key];
  if (!node || typeof node.type !== 'string') return null;
  return [...ancestry, { node, parent, key, container: null, index: -1 }];
}

function sibling(ancestry: Ancestry, index: number): Ancestry {
  const step = last(ancestry);
  const node = step.container![index]!;
  const moved: Step = { ...step, node, index };
  return [...ancestry.slice(0, -1), moved];
}

function nothing(reason: string): Attachment {
  return { kind: 'nothing', reason };
}

function declaredFunctionName(node: Node): string | undefined {
  if (node.type === 'ExportNamedDeclaration' || node.type === 'ExportDefaultDeclaration') {
    return node.declaration ? declaredFunctionName(node.declaration) : undefined;
  }
  if (node.type === 'FunctionDeclaration' || node.type === 'TSDeclareFunction') return node.id?.name;
  return undefined;
}

function memberKeyName(node: Node): string | undefined {
  if (node.type !== 'ClassMethod' && node.type !== 'TSDeclareMethod' && node.type !== 'ClassPrivateMethod') {
    return undefined;
  }
  const key = node.key;
  if (key.type === 'Identifier') return (node.static ? 'static ' : '') + key.name;
  if (key.type === 'PrivateName') return '#' + key.id.name;
  if (key.type === 'StringLiteral') return (node.static ? 'static ' : '') + key.value;
  return undefined;
}

// TypeScript: a directive above the first overload signature belongs to the implementation, which is
// the next sibling with the same name that has a body.
function implementationOf(ancestry: Ancestry, nameOf: (node: Node) => string | undefined): Attachment {
  const step = last(ancestry);
  const name = nameOf(step.node);
  if (step.container === null || name === undefined) {
    return nothing('it is a declaration without a body (TypeScript `declare`, `abstract` or an overload signature)');
  }
  for (let index = step.index + 1; index < step.container.length; index++) {
    const candidate = step.container[index]!;
    if (nameOf(candidate) !== name) break;
    const resolved = resolveAttachment(sibling(ancestry, index));
    if (resolved.kind === 'function') return resolved;
  }
  return nothing(`no implementation with a body follows the overload signature of \`${name}\``);
}

// Past parentheses and type-only wrappers: `(fn as any)` is `fn`.
function throughWrappers(ancestry: Ancestry): Ancestry {
  let current = ancestry;
  while (TRANSPARENT_WRAPPERS.has(last(current).node.type)) {
    const inner = into(current, 'expression');
    if (inner === null) break;
    current = inner;
  }
  return current;
}

// The function an immediately invoked function expression calls: `(function () {…})()`, and also
// `(function () {…}).call(this)` and `.apply(…)`. `null` for any other call.
function invokedFunction(call: Ancestry): Attachment | null {
  const callee = into(call, 'callee');
  if (callee === null) return null;
  const node = last(callee).node;
  const isCallOrApply =
    node.type === 'MemberExpression' &&
    !node.computed &&
    node.property.type === 'Identifier' &&
    (node.property.name === 'call' || node.property.name === 'apply');
  const target = isCallOrApply ? into(callee, 'object') : callee;
  if (target === null) return null;
  const resolved = resolveAttachment(target);
  return resolved.kind === 'function' ? resolved : null;
}

/**
 * Resolves the node a directive stands before to the function (or class) it instruments, seeing through
 * `export`, declarations, declarators, assignments, expression statements, `return`, immediately
 * invoked calls, object and class members, and type-only wrappers.
 */
export function resolveAttachment(ancestry: Ancestry): Attachment {
  const node = last(ancestry).node;
  if (isInstrumentableFunction(node)) return { kind: 'function', ancestry };
  const follow = (key: string) => {
    const next = into(ancestry, key);
    return next === null ? nothing(`\`${node.type}\` has nothing to instrument`) : resolveAttachment(next);
  };
  if (TRANSPARENT_WRAPPERS.has(node.type)) return follow('expression');
  switch (node.type) {
    case 'ClassDeclaration':
    case 'ClassExpression':
      return { kind: 'class', ancestry };
    case 'TSDeclareFunction':
      return node.declare
        ? nothing('it is a `declare function` without a body')
        : implementationOf(ancestry, declaredFunctionName);
    case 'TSDeclareMethod':
      return node.abstract
        ? nothing('it is an `abstract` method without a body')
        : implementationOf(ancestry, memberKeyName);
    case 'ExportNamedDeclaration':
    case 'ExportDefaultDeclaration': {
      // The overloads of an exported function are exported statements too, each its own sibling.
      if (node.declaration?.type === 'TSDeclareFunction' && !node.declaration.declare) {
        return implementationOf(ancestry, declaredFunctionName);
      }
      return follow('declaration');
    }
    case 'VariableDeclaration': {
      const declarator = node.declarations[0];
      if (declarator === undefined) return nothing('the declaration is empty');
      return resolveAttachment([
        ...ancestry,
        { node: declarator, parent: node, key: 'declarations', container: node.declarations, index: 0 },
      ]);
    }
    case 'VariableDeclarator':
      return follow('init');
    case 'ExpressionStatement':
      return follow('expression');
    case 'AssignmentExpression':
    case 'AssignmentPattern':
      return follow('right');
    case 'ReturnStatement':
      return follow('argument');
    case 'ObjectProperty':
    case 'ClassProperty':
    case 'ClassPrivateProperty':
    case 'ClassAccessorProperty':
      return follow('value');
    case 'CallExpression':
      return (
        invokedFunction(ancestry) ??
        nothing('it is a call, and only an immediately invoked function expression can be instrumented')
      );
    case 'UnaryExpression':
    case 'AwaitExpression': {
      // `!function () {…}()`, `void (async () => {…})()`, `await (async () => {…})()`.
      const argument = into(ancestry, 'argument');
      const call = argument === null ? null : throughWrappers(argument);
      const invoked = call !== null && last(call).node.type === 'CallExpression' ? invokedFunction(call) : null;
      return invoked ?? nothing(`\`${node.type}\` is not a function, nor an immediately invoked one`);
    }
    default:
      return nothing(`\`${node.type}\` is not a function`);
  }
}
