import type { BabelTypes as t, NodePath, Types } from '../babel-types.js';
import type { SiteSpec } from '../naming.js';
import { registerReferences } from '../scope-update.js';

/** The runtime entry points compiled code calls (see dd-span-runtime's instrument.ts). */
export type RuntimeEntry = 'start' | 'ret' | 'retAsync' | 'end' | 'suspend' | 'resume' | 'suspendOnExit' | 'iterate' | 'site';

/** Service, env and version the build inlines (see dd-span-runtime's site.ts). */
export interface BuildDefaults {
  readonly service?: string | undefined;
  readonly env?: string | undefined;
  readonly version?: string | undefined;
}

// The runtime's frozen object of entry points (see dd-span-runtime's index.ts for why one object).
const RUNTIME_EXPORT = 'instrumentation';

/** How compiled code reaches the runtime. */
export type ModuleStyle = 'import' | 'require';

/**
 * The names one file's generated code uses, chosen once per file so they collide with nothing the
 * file declares or references. The frame, caught error and thrown box names are the same in every
 * function: each function declares its own, and nested functions shadow their parents', which is
 * what we want.
 */
export class RuntimeRefs {
  readonly namespace: string;
  readonly frame: string;
  readonly caught: string;
  /** The variable the wrapper's `catch` boxes the thrown value in, for `end` (see wrap-body.ts). */
  readonly thrown: string;
  private readonly sites: Array<{ id: string; spec: SiteSpec }> = [];
  private usesNamespace = false;
  /** Other exports of the runtime the file uses (integrations' entry points): export name → local name. */
  private readonly imports = new Map<string, string>();
  /** Module-level variables integrations declare once per file, by key. */
  private readonly declarations = new Map<string, { id: string; init: t.Expression }>();
  private defaultsId: string | undefined;
  /** Every name above, for `owns`. */
  private readonly names = new Set<string>();

  constructor(
    private readonly t: Types,
    private readonly program: NodePath<t.Program>,
    private readonly specifier: string,
    private readonly defaults?: BuildDefaults,
  ) {
    const scope = program.scope;
    this.namespace = scope.generateUid('ddSpan');
    this.frame = scope.generateUid('ddFrame');
    this.caught = scope.generateUid('ddError');
    this.thrown = scope.generateUid('ddThrown');
    this.names.add(this.namespace).add(this.frame).add(this.caught).add(this.thrown);
  }

  /** `namespace.entry(...args)`, with no source position (generated code keeps no `loc`). */
  call(entry: RuntimeEntry, args: t.Expression[]): t.CallExpression {
    const t = this.t;
    this.usesNamespace = true;
    return t.callExpression(t.memberExpression(t.identifier(this.namespace), t.identifier(entry)), args);
  }

  /** A local bound to another export of the runtime, imported beside the entry points. */
  named(exportName: string): t.Identifier {
    let local = this.imports.get(exportName);
    if (local === undefined) {
      local = this.program.scope.generateUid(`dd${exportName[0]!.toUpperCase()}${exportName.slice(1)}`);
      this.imports.set(exportName, local);
      this.names.add(local);
    }
    return this.t.identifier(local);
  }

  /** A module-level `var` that `init()` builds, declared once per file under `key`, after the runtime import. */
  declareOnce(key: string, hint: string, init: () => t.Expression): t.Identifier {
    let declaration = this.declarations.get(key);
    if (declaration === undefined) {
      declaration = { id: this.program.scope.generateUid(hint), init: init() };
      this.declarations.set(key, declaration);
      this.names.add(declaration.id);
    }
    return this.t.identifier(declaration.id);
  }

  /** The file's `{ service, env, version }` object, or `null` when the build inlines none of them. */
  defaultsRef(): t.Identifier | null {
    const defaults = this.defaults;
    if (defaults === undefined || (defaults.service === undefined && defaults.env === undefined && defaults.version === undefined)) {
      return null;
    }
    if (this.defaultsId === undefined) {
      this.defaultsId = this.program.scope.generateUid('ddDefaults');
      this.names.add(this.defaultsId);
    }
    return this.t.identifier(this.defaultsId);
  }

  /** A fresh name for one `using` declaration of an exit guard (see suspensions.ts). */
  exitGuard(): t.Identifier {
    const id = this.program.scope.generateUid('ddExit');
    this.names.add(id);
    return this.t.identifier(id);
  }

  frameRef(): t.Identifier {
    return this.t.identifier(this.frame);
  }

  /** Registers a function's site; returns the module-level variable that will hold it. */
  site(spec: SiteSpec): t.Identifier {
    const id = this.nextSiteName();
    this.usesNamespace = true;
    this.sites.push({ id, spec });
    this.names.add(id);
    return this.t.identifier(id);
  }

  private siteNames = 0;

  // The names `scope.generateUid('ddSite')` gives (`_ddSite`, `_ddSite2`, …, `_ddSite9`, `_ddSite0`,
  // `_ddSite1`, `_ddSite10`, …), searched from where the last search stopped: Babel 7 starts over at
  // every call, which made a file with hundreds of directives quadratic. Nothing else takes a name
  // with this prefix before `install` declares them.
  private nextSiteName(): string {
    const scope = this.program.scope;
    for (;;) {
      const i = this.siteNames++;
      const id = i === 0 ? '_ddSite' : i < 9 ? `_ddSite${i + 1}` : i < 11 ? `_ddSite${i - 9}` : `_ddSite${i - 1}`;
      if (!(scope.hasLabel(id) || scope.hasBinding(id) || scope.hasGlobal(id) || scope.hasReference(id))) return id;
    }
  }

  /** True when `name` is one the generated code reaches the runtime, its values or a frame by. */
  owns(name: string): boolean {
    return this.names.has(name);
  }

  get isUsed(): boolean {
    return this.usesNamespace || this.imports.size > 0;
  }

  private defaultsLiteral(): t.ObjectExpression {
    const t = this.t;
    const entries = Object.entries(this.defaults ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
    return t.objectExpression(entries.map(([key, value]) => t.objectProperty(t.identifier(key), t.stringLiteral(value))));
  }

  /**
   * Puts the runtime import (the entry points, and any other export an integration uses), the
   * file's build defaults and integrations' variables, and the site variables first in the program.
   * They are `var`s so that a hoisted function called during an import cycle, before they are set,
   * reads `undefined` (which the runtime treats as "not traced", or as default settings) rather than
   * hitting a TDZ error.
   */
  install(style: ModuleStyle): void {
    const t = this.t;
    const bindings: Array<[local: string, exported: string]> = [];
    if (this.usesNamespace) bindings.push([this.namespace, RUNTIME_EXPORT]);
    for (const [exported, local] of this.imports) bindings.push([local, exported]);
    const load: t.Statement[] =
      style === 'import'
        ? [
            t.importDeclaration(
              bindings.map(([local, exported]) => t.importSpecifier(t.identifier(local), t.identifier(exported))),
              t.stringLiteral(this.specifier),
            ),
          ]
        : bindings.map(([local, exported]) =>
            t.variableDeclaration('var', [
              t.variableDeclarator(
                t.identifier(local),
                t.memberExpression(t.callExpression(t.identifier('require'), [t.stringLiteral(this.specifier)]), t.identifier(exported)),
              ),
            ]),
          );
    const defaults = this.sites.length > 0 ? this.defaultsRef() : null;
    const variable = (id: string, init: t.Expression) => t.variableDeclaration('var', [t.variableDeclarator(t.identifier(id), init)]);
    const declarations = [...this.declarations.values()].map(({ id, init }) => variable(id, init));
    if (this.defaultsId !== undefined) declarations.unshift(variable(this.defaultsId, this.defaultsLiteral()));
    const sites = this.sites.map(({ id, spec }) =>
      variable(
        id,
        this.call('site', [
          t.stringLiteral(spec.name),
          t.arrayExpression(spec.tagPairs.map((value) => t.stringLiteral(value))),
          ...(defaults === null ? [] : [defaults]),
        ]),
      ),
    );
    // After the file's leading imports, so the output reads naturally (imports hoist either way), and
    // before any other statement, which could call an instrumented function.
    const body = this.program.get('body');
    let leadingImports = 0;
    while (body[leadingImports]?.isImportDeclaration()) leadingImports++;
    const nodes = [...load, ...declarations, ...sites];
    const directives = this.program.node.directives;
    if (leadingImports > 0) keepCommentsWithNextStatement(body[leadingImports - 1]!.node);
    else if (directives.length > 0) keepCommentsWithNextStatement(directives[directives.length - 1]!);
    const inserted =
      leadingImports === 0 ? this.program.unshiftContainer('body', nodes) : body[leadingImports - 1]!.insertAfter(nodes);
    for (const path of inserted) {
      this.program.scope.registerDeclaration(path);
      registerReferences(t, path, () => true);
    }
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
