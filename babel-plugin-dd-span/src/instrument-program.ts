import { isInstrumentableFunction, resolveAttachment, TRANSPARENT_WRAPPERS, type InstrumentableFunction } from './attach.js';
import { last, type Ancestry, type BabelTypes as t, type Node, type NodePath, type Types } from './babel-types.js';
import { instrumentFunction, isInstrumented } from './codegen/index.js';
import { RuntimeRefs } from './codegen/runtime-refs.js';
import type { DirectiveArgument } from './directive-arguments.js';
import { mayHoldDirectives, recognize, type CommentLike } from './directive-recognition.js';
import { IgnoredRanges } from './ignore.js';
import type { Integration } from './integrations/index.js';
import { Bodies, findCalls } from './integrations/search.js';
import { Locator } from './locate.js';
import { moduleStyleFor } from './module-style.js';
import { siteSpec } from './naming.js';
import type { ResolvedOptions } from './options.js';
import { afterRewrite, beforeRewrite, pathAt, registerReferences } from './scope-update.js';
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

  // The integrations' calls. Integrations that work inside instrumented bodies need some.
  const searching = integrations.filter((integration) => integration.reach === 'anywhere' || functions.length > 0);
  const found =
    searching.length === 0 ? [] : findCalls(t, program, file.code, searching, ignored, new Bodies(functions.map((fn) => fn.body)));
  if (functions.length === 0 && found.length === 0) return;

  // Apply.
  const refs = new RuntimeRefs(t, program, options.runtime, options.defaults);
  const ctx = { t, refs, ignored, resumeAfter: new WeakSet<Node>() };
  // Names and tags are read before any body moves, and site variables are numbered in source order.
  const sites = inSourceOrder.map((target) => refs.site(siteSpec(target.ancestry, target.args, target.fromClass)));
  // Babel's paths, looked up while the code is as Babel read it.
  const rewritings = inSourceOrder.map((target) => beforeRewrite(pathAt(program, target.ancestry)));
  // Integrations rewrite their call nodes in place, so the bodies that hold them carry them along.
  for (const { rewrite } of found) rewrite({ t, refs });
  for (let index = functions.length - 1; index >= 0; index--) instrumentFunction(ctx, functions[index]!, sites[index]!);
  if (refs.isUsed) {
    refs.install(moduleStyleFor(program, options));
    // Babel's scopes learn what changed (see scope-update.ts), once the runtime's bindings exist;
    // innermost first, so that a function moved into its parent's code has its new paths already.
    for (let index = rewritings.length - 1; index >= 0; index--) afterRewrite(t, rewritings[index]!, refs);
    for (const { call } of found) registerReferences(t, call, (name) => refs.owns(name));
    file.set(DONE, true);
  }
}
