import { isInstrumentableFunction, resolveAttachment, TRANSPARENT_WRAPPERS, type InstrumentableFunction } from './attach.js';
import { last, type Ancestry, type BabelTypes as t, type Node, type NodePath, type Types } from './babel-types.js';
import { instrumentFunction, isInstrumented } from './codegen/index.js';
import { RuntimeRefs } from './codegen/runtime-refs.js';
import type { DirectiveArgument } from './directive-arguments.js';
import { mayHoldDirectives, recognize, type CommentLike } from './directive-recognition.js';
import { IgnoredRanges } from './ignore.js';
import type { Integration, Rewrite } from './integrations/index.js';
import { Locator } from './locate.js';
import { moduleStyleFor } from './module-style.js';
import { siteSpec } from './naming.js';
import type { ResolvedOptions } from './options.js';
import { Warnings } from './warnings.js';

/** The Babel `File` members this plugin uses, in both majors. */
export interface FileLike {
  readonly code: string;
  readonly ast: { comments?: CommentLike[] | null };
  readonly opts: { filename?: string | null };
  readonly metadata: object;
  buildCodeFrameError(node: unknown, message: string): Error;
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

interface Target {
  readonly ancestry: Ancestry;
  readonly args: readonly DirectiveArgument[];
  readonly comment: CommentLike;
  /** The directive stands above the function's class, not above the function itself. */
  readonly fromClass: boolean;
}

// Shared by every copy and instance of the plugin in one Babel run (plugin and preset both listed).
const DONE = 'babel-plugin-dd-span/instrumented';

function classMembers(ancestry: Ancestry): Ancestry[] {
  const classNode = last(ancestry).node as t.ClassDeclaration | t.ClassExpression;
  const body = classNode.body;
  const bodyStep = { node: body, parent: classNode, key: 'body', container: null, index: -1 };
  const members: Ancestry[] = [];
  body.body.forEach((member, index) => {
    const memberStep = { node: member as Node, parent: body, key: 'body', container: body.body as Node[], index };
    const memberAncestry = [...ancestry, bodyStep, memberStep];
    if ((member.type === 'ClassMethod' && member.kind !== 'constructor') || member.type === 'ClassPrivateMethod') {
      members.push(memberAncestry);
    } else if (
      member.type === 'ClassProperty' ||
      member.type === 'ClassPrivateProperty' ||
      member.type === 'ClassAccessorProperty'
    ) {
      // Fields holding a function are methods in all but syntax (React's `handleClick = () => …`).
      let value = member.value as Node | null | undefined;
      const chain: Ancestry = [...memberAncestry];
      let valueAncestry: Ancestry = chain;
      let key = 'value';
      while (value && TRANSPARENT_WRAPPERS.has(value.type)) {
        valueAncestry = [...valueAncestry, { node: value, parent: last(valueAncestry).node, key, container: null, index: -1 }];
        key = 'expression';
        value = (value as unknown as { expression: Node }).expression;
      }
      if (value && isInstrumentableFunction(value)) {
        members.push([...valueAncestry, { node: value, parent: last(valueAncestry).node, key, container: null, index: -1 }]);
      }
    }
  });
  return members;
}

/** Position ranges of the bodies of the functions being instrumented, where their frame variable is in scope. */
class Bodies {
  private readonly ranges: Array<readonly [number, number]> = [];

  constructor(functions: readonly InstrumentableFunction[]) {
    for (const { body } of functions) {
      if (typeof body.start === 'number' && typeof body.end === 'number') this.ranges.push([body.start, body.end]);
    }
  }

  covers(node: Node): boolean {
    const { start, end } = node;
    if (typeof start !== 'number' || typeof end !== 'number') return false;
    return this.ranges.some(([from, to]) => from <= start && end <= to);
  }
}

interface IntegrationSearch {
  readonly integrations: readonly Integration[];
  readonly ignored: IgnoredRanges;
  readonly bodies: Bodies;
  readonly rewrites: Rewrite[];
}

// One visitor object for every file, so Babel prepares it once.
const INTEGRATION_CALLS = {
  CallExpression(call: NodePath<t.CallExpression>, search: IntegrationSearch) {
    const { ignored, bodies } = search;
    if (ignored.covers(call.node)) return;
    let inBody: boolean | undefined;
    for (const integration of search.integrations) {
      if (integration.reach === 'instrumented' && !(inBody ??= bodies.covers(call.node))) continue;
      const rewrite = integration.find(call, { ignored });
      if (rewrite !== null) search.rewrites.push(rewrite);
    }
  },
};

/**
 * The whole transform for one file, run from `Program.enter` so that it sees the source as written,
 * before any other plugin's visitors. Find first (read-only), then apply, innermost function first so
 * that moving an outer body never disturbs an inner one still to be rewritten.
 *
 * A file is left before any traversal when it holds no directive and no enabled integration can
 * apply to its text (a file that never spells `fetch(`, for the fetch integration).
 */
export function instrumentProgram(
  t: Types,
  program: NodePath<t.Program>,
  file: FileLike,
  options: ResolvedOptions,
): void {
  if (file.get(DONE) === true) return;
  const comments = file.ast.comments ?? [];
  const code = file.code;
  // Without source text (an AST handed to transformFromAst), nothing can be ruled out by reading it.
  const directives = comments.length > 0 && (code === '' || mayHoldDirectives(code));
  const integrations = options.integrations.filter(
    (integration) => (directives || integration.reach === 'anywhere') && (code === '' || integration.mayApply(code)),
  );
  if (!directives && integrations.length === 0) return;

  const warnings = new Warnings(file);
  try {
    findAndApply(t, program, file, options, directives ? comments : [], integrations, warnings);
  } finally {
    warnings.report();
  }
}

function findAndApply(
  t: Types,
  program: NodePath<t.Program>,
  file: FileLike,
  options: ResolvedOptions,
  comments: readonly CommentLike[],
  integrations: readonly Integration[],
  warnings: Warnings,
): void {
  const spans: Array<{ comment: CommentLike; args: readonly DirectiveArgument[] }> = [];
  const ignores: Array<{ comment: CommentLike; directive: string }> = [];
  for (const comment of comments) {
    const recognized = recognize(comment);
    if (recognized.kind === 'span') spans.push({ comment, args: recognized.args });
    else if (recognized.kind === 'ignore') {
      ignores.push({ comment, directive: recognized.legacy ? '//dd:ignore' : '//orchestrion:ignore' });
      if (recognized.legacy) warnings.legacyIgnore(comment);
    } else if (recognized.kind === 'near-miss') warnings.add(comment, recognized.message);
  }
  const callerSide = integrations.some((integration) => integration.reach === 'anywhere');
  if (spans.length === 0 && !callerSide) return;

  const locator = new Locator(t, program.node, file.code, comments);
  // A directive applies to the code below it, so it stands on a line of its own.
  const onOwnLine = (comment: CommentLike, directive: string): boolean => {
    if (locator.standsOnOwnLine(comment)) return true;
    warnings.add(comment, `\`${directive}\` has no effect after code on the same line: put it on its own line above the code it applies to.`);
    return false;
  };
  const ignored = new IgnoredRanges();
  for (const { comment, directive } of ignores) {
    if (!onOwnLine(comment, directive)) continue;
    const found = locator.nodeAfter(comment);
    if (found === null) warnings.add(comment, `\`${directive}\` stands before no code, so it has no effect.`);
    else ignored.add(last(found).node);
  }

  // Find. A function's own directive beats its class's; of two directives on one function, the
  // closer one wins.
  const explicit = new Map<Node, Target>();
  const fromClasses: Target[] = [];
  for (const { comment, args } of spans) {
    if (!onOwnLine(comment, '//dd:span')) continue;
    const found = locator.nodeAfter(comment);
    const attachment = found === null ? null : resolveAttachment(found);
    if (attachment === null || attachment.kind === 'nothing') {
      const reason = attachment?.reason ?? 'no code follows it';
      warnings.add(comment, `\`//dd:span\` attaches to nothing it can instrument: ${reason}.`);
      continue;
    }
    if (attachment.kind === 'class') {
      const members = classMembers(attachment.ancestry);
      if (members.length === 0) {
        warnings.add(
          comment,
          '`//dd:span` attaches to nothing it can instrument: the class has no method with a body (a constructor needs its own `//dd:span`).',
        );
      }
      for (const member of members) fromClasses.push({ ancestry: member, args, comment, fromClass: true });
      continue;
    }
    const fn = last(attachment.ancestry).node;
    const previous = explicit.get(fn);
    if (previous !== undefined) {
      warnings.add(previous.comment, 'another `//dd:span` closer to the same function replaces this one.');
    }
    explicit.set(fn, { ancestry: attachment.ancestry, args, comment, fromClass: false });
  }
  for (const target of fromClasses) {
    const fn = last(target.ancestry).node;
    if (!explicit.has(fn)) explicit.set(fn, target);
  }

  const inSourceOrder = [...explicit.values()]
    .filter((target) => {
      const fn = last(target.ancestry).node as InstrumentableFunction;
      // An ignored body (`//orchestrion:ignore` between the parameters and `{`) must stay as written,
      // and instrumenting a function rewrites its body.
      return !ignored.covers(fn) && !ignored.covers(fn.body) && !isInstrumented(fn);
    })
    .sort((a, b) => last(a.ancestry).node.start! - last(b.ancestry).node.start!);
  const functions = inSourceOrder.map((target) => last(target.ancestry).node as InstrumentableFunction);

  // The integrations' calls: one traversal for all of them, with Babel's scopes (a `fetch` the file
  // binds itself is not the global one). Integrations that work inside instrumented bodies need some.
  const searching = integrations.filter((integration) => integration.reach === 'anywhere' || functions.length > 0);
  const search: IntegrationSearch = { integrations: searching, ignored, bodies: new Bodies(functions), rewrites: [] };
  if (searching.length > 0) program.traverse(INTEGRATION_CALLS, search);
  if (functions.length === 0 && search.rewrites.length === 0) return;

  // Apply.
  const refs = new RuntimeRefs(t, program, options.runtime, options.defaults);
  const ctx = { t, refs, ignored, resumeAfter: new WeakSet<Node>() };
  // Names and tags are read before any body moves, and site variables are numbered in source order.
  const sites = inSourceOrder.map((target) => refs.site(siteSpec(target.ancestry, target.args, target.fromClass)));
  // Integrations rewrite their call nodes in place, so the bodies that hold them carry them along.
  for (const rewrite of search.rewrites) rewrite({ t, refs });
  for (let index = functions.length - 1; index >= 0; index--) instrumentFunction(ctx, functions[index]!, sites[index]!);
  if (refs.isUsed) {
    refs.install(moduleStyleFor(program, options));
    // Generated code references the runtime namespace without registering the references. Without
    // them, later plugins see an unused import: Babel 7's TypeScript plugin removes it.
    program.scope.crawl();
    file.set(DONE, true);
  }
}
