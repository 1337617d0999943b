import type { BabelTypes as t, NodePath, Types } from '../babel-types.js';
import type { SiteSpec } from '../naming.js';

/** The runtime entry points compiled code calls (see dd-span-runtime's instrument.ts). */
export type RuntimeEntry = 'start' | 'ret' | 'retAsync' | 'fail' | 'end' | 'suspend' | 'resume' | 'iterate' | 'site';

// The runtime's frozen object of entry points (see dd-span-runtime's index.ts for why one object).
const RUNTIME_EXPORT = 'instrumentation';

/** How compiled code reaches the runtime. */
export type ModuleStyle = 'import' | 'require';

/**
 * The names one file's generated code uses, chosen once per file so they collide with nothing the
 * file declares or references. The frame and error names are the same in every function: each
 * function declares its own, and nested functions shadow their parents', which is what we want.
 */
export class RuntimeRefs {
  readonly namespace: string;
  readonly frame: string;
  readonly caught: string;
  private readonly sites: Array<{ id: string; spec: SiteSpec }> = [];

  constructor(
    private readonly t: Types,
    private readonly program: NodePath<t.Program>,
    private readonly specifier: string,
  ) {
    const scope = program.scope;
    this.namespace = scope.generateUid('ddSpan');
    this.frame = scope.generateUid('ddFrame');
    this.caught = scope.generateUid('ddError');
  }

  /** `namespace.entry(...args)`, with no source position (generated code keeps no `loc`). */
  call(entry: RuntimeEntry, args: t.Expression[]): t.CallExpression {
    const t = this.t;
    return t.callExpression(t.memberExpression(t.identifier(this.namespace), t.identifier(entry)), args);
  }

  frameRef(): t.Identifier {
    return this.t.identifier(this.frame);
  }

  /** Registers a function's site; returns the module-level variable that will hold it. */
  site(spec: SiteSpec): t.Identifier {
    const id = this.program.scope.generateUid('ddSite');
    this.sites.push({ id, spec });
    return this.t.identifier(id);
  }

  get isUsed(): boolean {
    return this.sites.length > 0;
  }

  /**
   * Puts the runtime import and the site variables first in the program. Sites are `var`s so that a
   * hoisted function called during an import cycle, before they are set, reads `undefined` (which
   * the runtime treats as "not traced") rather than hitting a TDZ error.
   */
  install(style: ModuleStyle): void {
    const t = this.t;
    const specifier = t.stringLiteral(this.specifier);
    const namespace = t.identifier(this.namespace);
    const exported = t.identifier(RUNTIME_EXPORT);
    const load =
      style === 'import'
        ? t.importDeclaration([t.importSpecifier(namespace, exported)], specifier)
        : t.variableDeclaration('var', [
            t.variableDeclarator(
              namespace,
              t.memberExpression(t.callExpression(t.identifier('require'), [specifier]), exported),
            ),
          ]);
    const sites = this.sites.map(({ id, spec }) =>
      t.variableDeclaration('var', [
        t.variableDeclarator(
          t.identifier(id),
          this.call('site', [
            t.stringLiteral(spec.name),
            t.arrayExpression(spec.tagPairs.map((value) => t.stringLiteral(value))),
          ]),
        ),
      ]),
    );
    // After the file's leading imports, so the output reads naturally (imports hoist either way), and
    // before any other statement, which could call an instrumented function.
    const body = this.program.get('body');
    let leadingImports = 0;
    while (body[leadingImports]?.isImportDeclaration()) leadingImports++;
    const nodes = [load, ...sites];
    const directives = this.program.node.directives;
    if (leadingImports > 0) keepCommentsWithNextStatement(body[leadingImports - 1]!.node);
    else if (directives.length > 0) keepCommentsWithNextStatement(directives[directives.length - 1]!);
    const inserted =
      leadingImports === 0 ? this.program.unshiftContainer('body', nodes) : body[leadingImports - 1]!.insertAfter(nodes);
    for (const path of inserted) this.program.scope.registerDeclaration(path);
  }
}

// Babel gives a comment between two statements to both, and prints it with the first. Once our
// statements go between them, a directive above the first function would print above our import:
// keep only the import's (or the `"use strict"` prologue's) same-line trailing comments.
function keepCommentsWithNextStatement(statement: t.Statement | t.Directive): void {
  const line = statement.loc?.end.line;
  if (statement.trailingComments) {
    statement.trailingComments = statement.trailingComments.filter((comment) => comment.loc?.start.line === line);
  }
}
