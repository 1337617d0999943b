// Puts `//dd:span` above every function of a file, and optionally `//orchestrion:ignore` above
// random subtrees, at the AST level: each comment becomes a leading comment of the node it stands
// before, and Babel prints the tree. The printer knows where a line comment would end a `return`,
// `throw` or `yield` and adds parentheses there, so no ASI hazard is created; `annotate` proves it by
// parsing what was printed and comparing it with the original program, node for node.
//
// Usage: node test/reliability/instrument-everything.mjs <package-dir> <out-dir> [--ignore-seed N]
// compiles every .js/.cjs/.mjs file of the package with babel-plugin-dd-span after annotating it,
// copies every other file, and prints the figures as JSON.
import { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { babel, compile, repoRoot } from '../../babel-plugin-dd-span/test/support/babel.mjs';

const t = babel.types;
// The generator of the Babel under test, found beside the @babel/core that support/babel.mjs loads.
const babelHome = process.env.DD_BABEL_HOME ? path.resolve(process.env.DD_BABEL_HOME) : repoRoot;
const requireFromCore = createRequire(createRequire(path.join(babelHome, 'package.json')).resolve('@babel/core'));
const generatorModule = await import(pathToFileURL(requireFromCore.resolve('@babel/generator')).href);
const generate = generatorModule.default?.default ?? generatorModule.default;

const IGNORE_MARK = 'reliability-';
const NOT_STRUCTURE = new Set(['start', 'end', 'loc', 'range', 'leadingComments', 'trailingComments', 'innerComments', 'extra']);
const BODILESS_FUNCTIONS = new Set(['TSDeclareFunction', 'TSDeclareMethod']);
const MEMBERS = new Set(['ObjectMethod', 'ClassMethod', 'ClassPrivateMethod', 'TSDeclareMethod']);
const FIELDS = new Set(['ObjectProperty', 'ClassProperty', 'ClassPrivateProperty', 'ClassAccessorProperty']);
const LOOP_HEADS = new Set(['ForStatement', 'ForInStatement', 'ForOfStatement']);
// Subtrees `//orchestrion:ignore` may stand before, besides statements and expressions.
const IGNORABLE_OTHERS = new Set([...MEMBERS, ...FIELDS, 'SwitchCase', 'CatchClause']);

const TRANSPARENT_WRAPPERS = new Set(['TSAsExpression', 'TSSatisfiesExpression', 'TSNonNullExpression', 'TSTypeAssertion', 'TSInstantiationExpression', 'TypeCastExpression', 'ParenthesizedExpression']);

const isFunction = (node) => t.isFunction(node) || BODILESS_FUNCTIONS.has(node.type);

/** Parser options for a file, chosen by its extension: TypeScript (and declaration files), else JavaScript with JSX. */
export function parserOptionsFor(filename) {
  const sourceType = filename.endsWith('.mjs') || filename.endsWith('.mts') ? 'module' : filename.endsWith('.cjs') ? 'script' : 'unambiguous';
  let plugins;
  if (/\.d\.[cm]?ts$/.test(filename)) plugins = [['typescript', { dts: true }], 'decorators-legacy'];
  else if (/\.[cm]?ts$/.test(filename)) plugins = ['typescript', 'decorators-legacy'];
  else if (filename.endsWith('.tsx')) plugins = ['typescript', 'jsx', 'decorators-legacy'];
  else plugins = ['jsx'];
  return { sourceType, parserOpts: { plugins, allowReturnOutsideFunction: true } };
}

/** A deterministic pseudo-random generator (mulberry32), so that a seed names one placement. */
function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = Math.imul(state ^ (state >>> 15), 1 | state);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function childNodes(node) {
  const children = [];
  for (const key of t.VISITOR_KEYS[node.type] ?? []) {
    const value = node[key];
    if (Array.isArray(value)) {
      for (const child of value) if (child && typeof child.type === 'string') children.push(child);
    } else if (value && typeof value.type === 'string') children.push(value);
  }
  return children;
}

/** Visits `node` and its descendants in pre-order, with the ancestors of each (nearest last). */
export function walk(node, visit, ancestors = []) {
  visit(node, ancestors);
  ancestors.push(node);
  for (const child of childNodes(node)) walk(child, visit, ancestors);
  ancestors.pop();
}

// Where a user would write the directive for `fn`: on the statement or member that holds it when
// there is exactly one such holder, else on the function itself.
function anchorOf(fn, ancestors) {
  const [parent, grandparent, above] = [ancestors.at(-1), ancestors.at(-2), ancestors.at(-3)];
  if (MEMBERS.has(fn.type)) return fn;
  if (fn.type === 'FunctionDeclaration' || fn.type === 'TSDeclareFunction') {
    return parent?.type === 'ExportNamedDeclaration' || parent?.type === 'ExportDefaultDeclaration' ? parent : fn;
  }
  if (parent?.type === 'ExportDefaultDeclaration') return parent;
  if (FIELDS.has(parent?.type) && parent.value === fn) return parent;
  if (parent?.type === 'AssignmentExpression' && parent.right === fn && grandparent?.type === 'ExpressionStatement') return grandparent;
  if (
    parent?.type === 'VariableDeclarator' &&
    parent.init === fn &&
    grandparent?.type === 'VariableDeclaration' &&
    grandparent.declarations.length === 1 &&
    !LOOP_HEADS.has(above?.type)
  ) {
    return above?.type === 'ExportNamedDeclaration' ? above : grandparent;
  }
  return fn;
}

// A directive stands before the outermost node at its position. It reaches a function written right
// after it through what the plugin sees through at that position: type-only wrappers, an expression
// statement, and an immediately invoked call (`.call`/`.apply` included). `function () {}.bind(x)`
// starts with a function but is a call: the directive stands before the call and attaches to nothing.
function reaches(node, fn) {
  if (node === fn) return true;
  if (node.type === 'ExpressionStatement') return reaches(node.expression, fn);
  if (TRANSPARENT_WRAPPERS.has(node.type)) return reaches(node.expression, fn);
  if (node.type === 'CallExpression') {
    const { callee } = node;
    const callOrApply = callee.type === 'MemberExpression' && !callee.computed && ['call', 'apply'].includes(callee.property.name);
    return reaches(callOrApply ? callee.object : callee, fn);
  }
  return false;
}

function ignorable(node, parent) {
  if (parent === undefined || node.loc == null) return false;
  if (node.type.startsWith('JSX') || (parent.type.startsWith('JSX') && parent.type !== 'JSXExpressionContainer')) return false;
  if (parent.type === 'Decorator') return false;
  // The printer would wrap it in parentheses to hold the comment, and `(a?.b)()` is not `a?.b()`.
  if (parent.type === 'OptionalMemberExpression' || parent.type === 'OptionalCallExpression') return false;
  // Names and literals are the leaves of nearly every expression: ignoring one proves little.
  if (t.isIdentifier(node) || t.isLiteral(node) || node.type === 'ThisExpression') return false;
  // Parenthesized to hold a comment, `(super)()` and `(import)()` would not parse.
  if (node.type === 'Super' || node.type === 'Import') return false;
  return t.isStatement(node) || t.isExpression(node) || IGNORABLE_OTHERS.has(node.type);
}

// With a position, the printer puts a leading line comment on a line of its own, as a person would;
// without one it may print it after code on the same line, where a directive has no effect.
// The line is one past the comments already before the node: the printer then starts a new line
// even after a block comment that ends on the node's line (`/** @type {T} */ //dd:span`).
function lineComment(value, node) {
  const line = (node.leadingComments?.at(-1)?.loc?.end.line ?? node.loc?.start.line ?? 0) + 1;
  return { type: 'CommentLine', value, loc: { start: { line, column: 0 }, end: { line, column: 0 } } };
}

function addLeading(node, comment) {
  node.leadingComments = [...(node.leadingComments ?? []), comment];
}

// Babel's printer writes `if (a) { if (b) c; } else d` for `if (a) if (b) c; else d`, so that the
// `else` keeps its `if`: a block holding one statement and that statement are the same program.
const soleStatement = (node) => (node?.type === 'BlockStatement' && node.body.length === 1 && node.directives.length === 0 ? node.body[0] : null);

// Compares two programs node for node, positions, comments and printing details aside. Returns the
// first difference, `{ where, a, b }`, or null.
function difference(a, b, where = 'program') {
  if (a === b) return null;
  // Babel 7 keeps parentheses in types as nodes, and its printer adds some (`extends (new () => T)`).
  if (a?.type === 'TSParenthesizedType') return difference(a.typeAnnotation, b, where);
  if (b?.type === 'TSParenthesizedType') return difference(a, b.typeAnnotation, where);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return { where, a, b };
  if (Array.isArray(a) !== Array.isArray(b)) return { where, a, b };
  if (Array.isArray(a)) {
    if (a.length !== b.length) return { where: `${where}.length`, a, b };
    for (let index = 0; index < a.length; index++) {
      const found = difference(a[index], b[index], `${where}[${index}]`);
      if (found !== null) return found;
    }
    return null;
  }
  if (typeof a.type === 'string' && a.type !== b.type) {
    if (soleStatement(b) !== null && soleStatement(a) === null) return difference(a, soleStatement(b), where);
    if (soleStatement(a) !== null && soleStatement(b) === null) return difference(soleStatement(a), b, where);
    return { where: `${where} (${a.type} became ${b.type})`, a, b };
  }
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (NOT_STRUCTURE.has(key)) continue;
    const found = difference(a[key], b[key], `${where}.${key}`);
    if (found !== null) return found;
  }
  return null;
}

/**
 * The outermost node that starts after `offset` with only white space and comments between, as the
 * plugin locates it. `commentEnds` maps each comment's start to its end.
 */
function nodeAfter(program, code, commentEnds, offset) {
  let node = program;
  for (;;) {
    const next = childNodes(node)
      .sort((a, b) => a.start - b.start)
      .find((child) => child.end > offset);
    if (next === undefined) return null;
    if (next.start >= offset) {
      let position = offset;
      while (position < next.start) {
        const end = commentEnds.get(position);
        if (end !== undefined) position = end;
        else if (/\s/.test(code[position])) position++;
        else return null;
      }
      return next;
    }
    node = next;
  }
}

/** Parses with the options `parserOptionsFor` chose, outside any Babel configuration file. */
export const parse = (code, filename, options) =>
  babel.parseSync(code, { filename, babelrc: false, configFile: false, sourceType: options.sourceType, parserOpts: options.parserOpts });

/**
 * Annotates `code`: `//dd:span` above every function (declarations without a body included), but
 * `//orchestrion:ignore reliability-kept-<n>` above the functions that start on a line listed in
 * `leaveAlone`, and, when `ignore` is given as `{ seed, rate }`, `//orchestrion:ignore reliability-<n>`
 * above a seeded random choice of subtrees. Returns the printed code, the number of functions annotated, how many
 * of them have a body and lie outside every ignored subtree (`expectedSites`), and the ignore ids.
 * Throws when `code` does not parse, or when the printed program differs from the original.
 */
export function annotate(code, { filename, ignore = null, leaveAlone = [] }) {
  const options = parserOptionsFor(filename);
  const ast = parse(code, filename, options);
  const functions = [];
  const anchors = new Set();
  const candidates = [];
  let kept = 0;
  const keptLines = new Set();
  walk(ast.program, (node, ancestors) => {
    if (isFunction(node)) {
      let anchor = anchorOf(node, ancestors);
      if (anchors.has(anchor)) anchor = node;
      anchors.add(anchor);
      functions.push({ node, selfAnchored: anchor === node });
      const keep = leaveAlone.includes(node.loc.start.line);
      if (keep) keptLines.add(node.loc.start.line);
      const directive = keep ? `orchestrion:ignore ${IGNORE_MARK}kept-${kept++}` : 'dd:span';
      addLeading(anchor, lineComment(directive, anchor));
    }
    if (ignore !== null && ignorable(node, ancestors.at(-1))) candidates.push(node);
  });
  const stale = leaveAlone.filter((line) => !keptLines.has(line));
  if (stale.length > 0) throw new Error(`${filename}: no function starts on line ${stale.join(', ')} to leave alone`);
  const ignoreIds = [];
  if (ignore !== null) {
    const random = seededRandom(ignore.seed);
    for (const node of candidates) {
      if (random() >= ignore.rate) continue;
      const id = `${IGNORE_MARK}${ignoreIds.length}`;
      ignoreIds.push(id);
      addLeading(node, lineComment(`orchestrion:ignore ${id}`, node));
    }
  }
  // Past 500 KB Babel would print compactly, and the directives could end up on a line with code.
  const printed = babel.transformFromAstSync(ast, code, { filename, babelrc: false, configFile: false, cloneInputAst: false, compact: false, ...options }).code;

  const reparsed = parse(printed, filename, options);
  // Printing leaves the tree as it was, comments aside: it is the original program to compare with.
  let changed = difference(ast.program, reparsed.program);
  // Babel's printer has its own liberties (`a && (b && c)` loses its parentheses): then the program
  // to compare with is the one it prints without our comments.
  if (changed !== null) changed = difference(parse(babel.transformSync(code, { filename, babelrc: false, configFile: false, ...options }).code, filename, options).program, reparsed.program);
  if (changed !== null) {
    const line = changed.b?.loc?.start.line;
    const context = line === undefined ? '' : `, printed as:\n${printed.split('\n').slice(Math.max(0, line - 4), line + 2).join('\n')}`;
    throw new Error(`${filename}: the annotated program differs from the original at ${changed.where}${context}`);
  }

  const ignoredRanges = ignoredSubtrees(printed, reparsed).map(({ node }) => [node.start, node.end]);
  const inReparsed = [];
  const outermostAt = new Map();
  walk(reparsed.program, (node) => {
    if (isFunction(node)) inReparsed.push(node);
    if (!outermostAt.has(node.start)) outermostAt.set(node.start, node);
  });
  if (inReparsed.length !== functions.length) throw new Error(`${filename}: ${functions.length} functions annotated, ${inReparsed.length} printed`);
  const covered = (node) => ignoredRanges.some(([from, to]) => from <= node.start && node.end <= to);
  let expectedSites = 0;
  let expectedWarnings = 0;
  inReparsed.forEach((fn, index) => {
    const shadowed = functions[index].selfAnchored && !reaches(outermostAt.get(fn.start), fn);
    if (BODILESS_FUNCTIONS.has(fn.type) || shadowed) expectedWarnings++;
    else if (!covered(fn) && !covered(fn.body)) expectedSites++;
  });
  return { code: printed, ast: reparsed, functions: functions.length, expectedSites, expectedWarnings, ignoreIds };
}

/** Each `//orchestrion:ignore reliability-<n>` comment of `code` with the node it stands before. */
export function ignoredSubtrees(code, ast) {
  const comments = ast.comments ?? [];
  const commentEnds = new Map(comments.map((comment) => [comment.start, comment.end]));
  return comments
    .filter((comment) => comment.type === 'CommentLine' && comment.value.startsWith(`orchestrion:ignore ${IGNORE_MARK}`))
    .map((comment) => ({ id: comment.value.slice('orchestrion:ignore '.length), node: nodeAfter(ast.program, code, commentEnds, comment.end) }))
    .filter(({ node }) => node !== null);
}

// Each ignored subtree is printed on its own, so that what surrounds it (a `try` block it moved
// into, parentheses the printer needs in one context and not in another) plays no part.
function printedSubtrees(ast, ignoredNodes) {
  const key = (node) => `${node.type}:${node.start}:${node.end}`;
  const wanted = new Set(ignoredNodes.map(({ node }) => key(node)));
  const printedByKey = new Map();
  walk(ast.program, (node) => {
    // Without its trailing comments, which belong as much to the code after it.
    if (wanted.has(key(node)) && !printedByKey.has(key(node))) printedByKey.set(key(node), generate({ ...node, trailingComments: null }).code);
  });
  return new Map(ignoredNodes.map(({ id, node }) => [id, printedByKey.get(key(node))]));
}

/**
 * Compares each ignored subtree of `annotated` (what `annotate` returns) as the plugin left it in
 * `compiledAst` with the same subtree as Babel prints it without the plugin. Returns
 * `{ checked, mismatches }`, each mismatch `{ id, withPlugin, withoutPlugin }`.
 */
export function compareIgnored(annotated, compiledAst) {
  const ignoredNodes = ignoredSubtrees(annotated.code, annotated.ast);
  const withPlugin = printedSubtrees(compiledAst, ignoredNodes);
  const withoutPlugin = printedSubtrees(annotated.ast, ignoredNodes);
  const mismatches = [];
  for (const { id } of ignoredNodes) {
    const [a, b] = [withPlugin.get(id), withoutPlugin.get(id)];
    if (a === undefined || a !== b) mismatches.push({ id, withPlugin: a, withoutPlugin: b });
  }
  return { checked: ignoredNodes.length, mismatches };
}

/** How many function bodies of a compiled program start a span. */
export function countInstrumented(ast) {
  let starts = 0;
  walk(ast.program, (node) => {
    if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression') return;
    const { object, property } = node.callee;
    if (object.type === 'Identifier' && object.name.startsWith('_ddSpan') && property.type === 'Identifier' && property.name === 'start') starts++;
  });
  return starts;
}

/**
 * Annotates and compiles one file. Returns the compiled code, the plugin's warnings, and the checks:
 * how many functions were annotated and instrumented, and the ignored subtrees compared.
 */
export function instrumentFile(code, { filename, ignore = null, leaveAlone = [] }) {
  const annotated = annotate(code, { filename, ignore, leaveAlone });
  // The plugin's warnings are returned below rather than printed.
  const { warn } = console;
  console.warn = () => {};
  let result;
  try {
    result = compile(annotated.code, { filename, ast: true, ...parserOptionsFor(filename) });
  } finally {
    console.warn = warn;
  }
  const ignored = ignore === null && leaveAlone.length === 0 ? { checked: 0, mismatches: [] } : compareIgnored(annotated, result.ast);
  return {
    annotated: annotated.code,
    code: result.code,
    warnings: result.metadata.ddSpan?.warnings ?? [],
    functions: annotated.functions,
    expectedSites: annotated.expectedSites,
    expectedWarnings: annotated.expectedWarnings,
    instrumented: countInstrumented(result.ast),
    ignored,
  };
}

const SOURCE = /\.(c|m)?js$/;

function filesOf(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath ?? entry.path, entry.name)))
    .filter((file) => !file.split(path.sep).includes('node_modules'))
    .sort();
}

/** Writes `packageDir` to `outDir` with every JavaScript file compiled by Babel alone, without the plugin. */
export function compilePackage(packageDir, outDir) {
  for (const file of filesOf(packageDir)) {
    const from = path.join(packageDir, file);
    const to = path.join(outDir, file);
    mkdirSync(path.dirname(to), { recursive: true });
    if (!SOURCE.test(file)) cpSync(from, to);
    else writeFileSync(to, babel.transformSync(readFileSync(from, 'utf8'), { filename: from, babelrc: false, configFile: false, ...parserOptionsFor(from) }).code);
  }
}

/**
 * Writes `packageDir` to `outDir` with every JavaScript file annotated and compiled. `ignore`, when
 * given, is `{ seed, rate }`; each file gets its own seed derived from it. `leaveAlone` maps a file
 * to the lines of the functions that get `//orchestrion:ignore` instead of `//dd:span`.
 */
export function instrumentPackage(packageDir, outDir, { ignore = null, leaveAlone = {} } = {}) {
  const figures = { files: 0, functions: 0, expectedSites: 0, instrumented: 0, expectedWarnings: 0, warnings: [], ignoreChecks: 0, ignoreMismatches: [] };
  mkdirSync(outDir, { recursive: true });
  filesOf(packageDir).forEach((file, index) => instrumentOne(file, index));
  return figures;

  function instrumentOne(file, index) {
    const from = path.join(packageDir, file);
    const to = path.join(outDir, file);
    mkdirSync(path.dirname(to), { recursive: true });
    if (!SOURCE.test(file)) {
      cpSync(from, to);
      return;
    }
    const fileIgnore = ignore === null ? null : { ...ignore, seed: ignore.seed * 7919 + index };
    const lines = leaveAlone[file.split(path.sep).join('/')] ?? [];
    const result = instrumentFile(readFileSync(from, 'utf8'), { filename: from, ignore: fileIgnore, leaveAlone: lines });
    writeFileSync(to, result.code);
    figures.files++;
    figures.functions += result.functions;
    figures.expectedSites += result.expectedSites;
    figures.expectedWarnings += result.expectedWarnings;
    figures.instrumented += result.instrumented;
    figures.warnings.push(...result.warnings.map((warning) => `${file}:${warning.line}: ${warning.message}`));
    figures.ignoreChecks += result.ignored.checked;
    figures.ignoreMismatches.push(...result.ignored.mismatches.map((mismatch) => ({ file, ...mismatch })));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [packageDir, outDir, flag, seed] = process.argv.slice(2);
  if (!packageDir || !outDir || (flag !== undefined && (flag !== '--ignore-seed' || !Number.isInteger(Number(seed))))) {
    console.error('usage: node test/reliability/instrument-everything.mjs <package-dir> <out-dir> [--ignore-seed N]');
    process.exit(2);
  }
  const ignore = flag === undefined ? null : { seed: Number(seed), rate: 0.02 };
  console.log(JSON.stringify(instrumentPackage(path.resolve(packageDir), path.resolve(outDir), { ignore }), null, 2));
}
