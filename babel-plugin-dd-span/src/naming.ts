import { TRANSPARENT_WRAPPERS, type InstrumentableFunction } from './attach.js';
import type { Ancestry, Node } from './babel-types.js';
import type { DirectiveArgument } from './directive-arguments.js';

/** What the runtime's `site()` receives for one function. */
export interface SiteSpec {
  readonly name: string;
  /** Flat `key, value` pairs in directive order; `function-name` first for declared functions. */
  readonly tagPairs: readonly string[];
}

const SPAN_NAME = 'span.name';
const FUNCTION_NAME = 'function-name';

/** The name a property, method or field key spells, when it spells one without running code. */
export function keyName(key: Node, computed: boolean): string | undefined {
  switch (key.type) {
    case 'Identifier':
      return computed ? undefined : key.name;
    case 'PrivateName':
      return '#' + key.id.name;
    case 'StringLiteral':
      return key.value;
    case 'NumericLiteral':
      return String(key.value);
    case 'TemplateLiteral':
      return computed && key.expressions.length === 0 ? (key.quasis[0]?.value.cooked ?? undefined) : undefined;
    default:
      return undefined;
  }
}

// The nearest ancestor that is not a parenthesis or type-only wrapper, with the child it holds.
function syntacticParent(ancestry: Ancestry, depth: number): { parent: Node | undefined; child: Node } {
  let index = depth;
  while (index > 0 && TRANSPARENT_WRAPPERS.has(ancestry[index - 1]!.node.type)) index--;
  return { parent: ancestry[index - 1]?.node, child: ancestry[index]!.node };
}

/**
 * The name JavaScript infers for an anonymous function or class from where it stands
 * (`const handler = () => …`, `{ save: () => … }`), and also `obj.save = () => …`, where the
 * language infers none but a reader sees one.
 */
function inferredName(ancestry: Ancestry, depth: number): string | undefined {
  const { parent, child } = syntacticParent(ancestry, depth);
  if (parent === undefined) return undefined;
  switch (parent.type) {
    case 'VariableDeclarator':
      return parent.init === child && parent.id.type === 'Identifier' ? parent.id.name : undefined;
    case 'AssignmentExpression':
    case 'AssignmentPattern':
      if (parent.right !== child) return undefined;
      if (parent.left.type === 'Identifier') return parent.left.name;
      if (parent.left.type === 'MemberExpression') return keyName(parent.left.property, parent.left.computed);
      return undefined;
    case 'ObjectProperty':
    case 'ClassProperty':
    case 'ClassPrivateProperty':
    case 'ClassAccessorProperty':
      return parent.value === child ? keyName(parent.key, 'computed' in parent && parent.computed === true) : undefined;
    case 'ExportDefaultDeclaration':
      return 'default';
    default:
      return undefined;
  }
}

function className(ancestry: Ancestry, classDepth: number): string | undefined {
  const node = ancestry[classDepth]?.node;
  if (node?.type !== 'ClassDeclaration' && node?.type !== 'ClassExpression') return undefined;
  return node.id?.name ?? inferredName(ancestry, classDepth);
}

/**
 * The name a function declares itself: a declaration's or named expression's identifier, a method's
 * key (the method name only). A constructor is named after its class, which is what `new` calls.
 */
export function declaredName(ancestry: Ancestry): string | undefined {
  const depth = ancestry.length - 1;
  const fn = ancestry[depth]!.node as InstrumentableFunction;
  switch (fn.type) {
    case 'FunctionDeclaration':
    case 'FunctionExpression':
      return fn.id?.name;
    case 'ObjectMethod':
      return keyName(fn.key, fn.computed);
    case 'ClassMethod':
      // ancestry: … > class > ClassBody > method
      return fn.kind === 'constructor' ? className(ancestry, depth - 2) : keyName(fn.key, fn.computed);
    case 'ClassPrivateMethod':
      return keyName(fn.key, false);
    default:
      return undefined;
  }
}

/**
 * Orchestrion's naming, carried on where Go gives up: `span.name` > the declared name > the first
 * non-empty argument value > the name JavaScript infers > `anonymous`.
 *
 * `fromClass`: the arguments are a class-level directive's, shared by every member. A field holding
 * a function is then named after its key, like a method, rather than after the class's first argument.
 */
export function siteSpec(ancestry: Ancestry, args: readonly DirectiveArgument[], fromClass = false): SiteSpec {
  const declared = declaredName(ancestry);
  const explicit = args.find((arg) => arg.key === SPAN_NAME && arg.value !== '')?.value;
  const tagArgs = args.filter((arg) => arg.key !== SPAN_NAME);
  const firstValue = tagArgs.find((arg) => arg.value !== '')?.value;
  const inferred = inferredName(ancestry, ancestry.length - 1);
  const name =
    explicit ?? declared ?? (fromClass ? (inferred ?? firstValue) : (firstValue ?? inferred)) ?? 'anonymous';
  const tagPairs: string[] = [];
  if (declared !== undefined) tagPairs.push(FUNCTION_NAME, declared);
  for (const arg of tagArgs) tagPairs.push(arg.key, arg.value);
  return { name, tagPairs };
}
