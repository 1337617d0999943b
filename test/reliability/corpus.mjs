// The plugin never crashes on valid code: `//dd:span` above every function of thousands of real
// files from installed packages (JavaScript with classes, generators, async code and JSX; TypeScript
// sources and declaration files), and `//orchestrion:ignore` above seeded random subtrees. For each
// file: the plugin does not throw; the output parses; exactly the expected functions are
// instrumented and only the expected warnings are given; each ignored subtree prints as Babel prints
// it alone; and every statement of the input maps back to its line and column through the source
// map. TypeScript sources are also compiled with @babel/preset-typescript after the plugin.
//
// Usage: node test/reliability/corpus.mjs [--files N] [--json FILE]. Exits 1 on any failure.
// Under Babel 8: DD_BABEL_HOME=test/babel8 test/babel8/node_modules/.bin/node test/reliability/corpus.mjs
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { babel, babelMajor, compile, presetTypescriptPath, repoRoot } from '../../babel-plugin-dd-span/test/support/babel.mjs';
import { annotate, compareIgnored, countInstrumented, parse, parserOptionsFor, walk } from './instrument-everything.mjs';

const t = babel.types;
const IGNORE_RATE = 0.02;
const MAX_BYTES = 200 * 1024;
const EXPECTED_WARNING = /attaches to nothing it can instrument|another `\/\/dd:span` closer to the same function replaces this one/;

// First matching kind wins. Quotas keep every kind present without letting the commonest crowd the corpus.
const KINDS = [
  { kind: 'typescript', quota: Infinity, test: (file) => /\.(c|m)?tsx?$/.test(file) && !/\.d\.(c|m)?ts$/.test(file) },
  { kind: 'declarations', quota: 800, test: (file) => /\.d\.(c|m)?ts$/.test(file) },
  { kind: 'jsx', quota: Infinity, test: (file, code) => file.endsWith('.jsx') || /(return|=>|\() *<[A-Za-z][\w.]*[ />]/.test(code) },
  { kind: 'generator', quota: 700, test: (file, code) => /function\s*\*|\*\s*\[Symbol\.(async)?[iI]terator\]|async\s*\*/.test(code) },
  { kind: 'class', quota: 1600, test: (file, code) => /\bclass\s+[A-Za-z_$][\w$]*(\s+extends\b[^{]*)?\s*\{/.test(code) },
  { kind: 'async', quota: 1600, test: (file, code) => /\basync\b[^\n]*\b(function|=>)|\bawait\b/.test(code) },
  { kind: 'sync', quota: Infinity, test: () => true },
];
const SOURCE = /\.(c|m)?(js|jsx|ts|tsx)$/;

// The packages under node_modules that are links to this repository's workspaces: our own code is
// not the corpus, and a recursive listing follows links on some Node versions and not on others.
function workspaceLinks(root) {
  const links = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const dir = path.join(root, entry.name);
    if (entry.isSymbolicLink()) links.push(dir);
    else if (entry.name.startsWith('@') && entry.isDirectory()) {
      for (const scoped of readdirSync(dir, { withFileTypes: true })) if (scoped.isSymbolicLink()) links.push(path.join(dir, scoped.name));
    }
  }
  return links;
}

/** The corpus: files under the root node_modules (workspace links excluded), by kind, in a fixed order. */
function selectCorpus(total) {
  const root = path.join(repoRoot, 'node_modules');
  const links = workspaceLinks(root).map((link) => link + path.sep);
  const byKind = new Map(KINDS.map(({ kind }) => [kind, []]));
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !SOURCE.test(entry.name)) continue;
    const file = path.join(entry.parentPath ?? entry.path, entry.name);
    if (links.some((link) => file.startsWith(link))) continue;
    if (statSync(file).size > MAX_BYTES) continue;
    const relative = path.relative(root, file).split(path.sep).join('/');
    const code = readFileSync(file, 'utf8');
    const { kind } = KINDS.find(({ test }) => test(relative, code));
    byKind.get(kind).push(relative);
  }
  // Sorted by a hash of the path: a spread over packages, the same on every machine.
  const spread = (files) => files.map((file) => [createHash('sha1').update(file).digest('hex'), file]).sort().map(([, file]) => file);
  const lists = KINDS.map(({ kind, quota }) => spread(byKind.get(kind)).slice(0, quota).map((file) => ({ kind, file: path.join(root, file) })));
  // Interleaved, so that a smaller corpus (--files) still holds every kind.
  const chosen = [];
  for (let index = 0; chosen.length < total && lists.some((list) => index < list.length); index++) {
    for (const list of lists) if (index < list.length && chosen.length < total) chosen.push(list[index]);
  }
  return { available: Object.fromEntries([...byKind].map(([kind, files]) => [kind, files.length])), chosen };
}

// `Type@line:column` of each statement of the input that no statement of the same type in the output
// maps back to exactly.
function unmappedStatements(input, output, map) {
  const mapped = new Set();
  walk(output.program, (node) => {
    if (!t.isStatement(node) || !node.loc) return;
    const { line, column } = node.loc.start;
    const entry = map.findEntry(line - 1, column);
    if (entry.generatedLine === line - 1 && entry.generatedColumn === column) mapped.add(`${node.type}@${entry.originalLine + 1}:${entry.originalColumn}`);
  });
  const missing = [];
  let statements = 0;
  walk(input.program, (node) => {
    if (!t.isStatement(node) || !node.loc) return;
    statements++;
    const key = `${node.type}@${node.loc.start.line}:${node.loc.start.column}`;
    if (!mapped.has(key)) missing.push(key);
  });
  return { statements, missing };
}

// `declare` fields need this option in Babel 7 (Babel 8 has it always on, and no option).
const TYPESCRIPT_PRESETS = [[presetTypescriptPath, babelMajor === 7 ? { allowDeclareFields: true } : {}]];

// Some TypeScript needs more than the preset (`export =` needs a CommonJS transform): such a file
// only tells whether the plugin works with the preset if the preset alone takes it.
function compilesWithTypescriptPreset(code, filename, options) {
  try {
    babel.transformSync(code, { filename, babelrc: false, configFile: false, presets: TYPESCRIPT_PRESETS, ...options });
    return true;
  } catch {
    return false;
  }
}

function babelReprints(code, filename, options) {
  try {
    parse(babel.transformSync(code, { filename, babelrc: false, configFile: false, ...options }).code, filename, options);
    return true;
  } catch {
    return false;
  }
}

const isParseError = (error) => error.code === 'BABEL_PARSE_ERROR' || (error instanceof SyntaxError && error.loc !== undefined);

/** Checks one file. Returns `{ status, … }`: `ok`, `unparseable` or `unprintable` (left out), or a failure. */
export function checkFile(file, kind) {
  const code = readFileSync(file, 'utf8');
  const options = parserOptionsFor(file);
  const seed = Number.parseInt(createHash('sha1').update(path.basename(file)).digest('hex').slice(0, 8), 16);
  try {
    parse(code, file, options);
  } catch (error) {
    if (isParseError(error)) return { status: 'unparseable' };
    throw error;
  }
  let annotated;
  try {
    annotated = annotate(code, { filename: file, ignore: { seed, rate: IGNORE_RATE } });
  } catch (error) {
    // Babel's printer has bugs of its own (`(x as number)++` loses its parentheses): a file it
    // cannot print back tells nothing about the plugin.
    if (isParseError(error) && !babelReprints(code, file, options)) return { status: 'unprintable' };
    return { status: 'annotation-failed', message: error.message };
  }
  const facts = { functions: annotated.functions, instrumented: 0, ignoreChecks: 0, statements: 0, warnings: 0 };
  let result;
  try {
    // The map must lead back to the input the plugin saw, not through a package's own `.map` file.
    result = compile(annotated.code, { filename: file, sourceMaps: true, inputSourceMap: false, ast: true, ...options });
  } catch (error) {
    return { status: 'crash', message: error.stack };
  }
  let output;
  try {
    output = parse(result.code, file, options);
  } catch (error) {
    return { status: 'output-unparseable', message: error.message };
  }
  const problems = [];
  facts.instrumented = countInstrumented(result.ast);
  if (facts.instrumented !== annotated.expectedSites) problems.push(`${facts.instrumented} functions instrumented, ${annotated.expectedSites} expected`);
  const warnings = result.metadata.ddSpan?.warnings ?? [];
  facts.warnings = warnings.length;
  const unexpected = warnings.filter((warning) => !EXPECTED_WARNING.test(warning.message));
  if (unexpected.length > 0 || warnings.length !== annotated.expectedWarnings) {
    problems.push(`${warnings.length} warnings, ${annotated.expectedWarnings} expected: ${warnings.map((w) => `${w.line}: ${w.message}`).join('; ')}`);
  }
  const ignored = compareIgnored(annotated, result.ast);
  facts.ignoreChecks = ignored.checked;
  for (const mismatch of ignored.mismatches) problems.push(`ignored subtree ${mismatch.id} differs:\n${mismatch.withPlugin}\n--- without the plugin:\n${mismatch.withoutPlugin}`);
  const { statements, missing } = unmappedStatements(annotated.ast, output, new SourceMap(result.map));
  facts.statements = statements;
  if (missing.length > 0) problems.push(`${missing.length} statements do not map back: ${missing.slice(0, 5).join(', ')}`);
  if (kind === 'typescript' && compilesWithTypescriptPreset(annotated.code, file, options)) {
    try {
      const stripped = compile(annotated.code, { filename: file, presets: TYPESCRIPT_PRESETS, ...options });
      const asJs = file.replace(/\.(c|m)?tsx?$/, '.$1js');
      parse(stripped.code, asJs, parserOptionsFor(asJs));
      if (facts.instrumented > 0 && !stripped.code.includes('dd-span-runtime')) problems.push('@babel/preset-typescript removed the runtime import');
    } catch (error) {
      problems.push(`with @babel/preset-typescript: ${error.message}`);
    }
  }
  facts.jsx = false;
  walk(output.program, (node) => {
    if (node.type === 'JSXElement' || node.type === 'JSXFragment') facts.jsx = true;
  });
  return problems.length > 0 ? { status: 'mismatch', message: problems.join('\n'), ...facts } : { status: 'ok', ...facts };
}

if (!isMainThread) {
  // Warnings are read from the results; printed, thousands of them would bury the figures.
  console.warn = () => {};
  parentPort.on('message', (batch) => {
    parentPort.postMessage(batch.map(({ file, kind }) => {
      try {
        return { file, kind, ...checkFile(file, kind) };
      } catch (error) {
        return { file, kind, status: 'harness-error', message: error.stack };
      }
    }));
  });
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values: args } = parseArgs({ options: { files: { type: 'string', default: '6000' }, json: { type: 'string' } } });
  const started = performance.now();
  const { available, chosen } = selectCorpus(Number(args.files));
  const queue = chosen.map((entry, index) => ({ ...entry, index }));
  const results = [];
  const BATCH = 20;
  await Promise.all(
    Array.from({ length: Math.max(1, availableParallelism()) }, () => {
      const worker = new Worker(fileURLToPath(import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: 4096 } });
      return new Promise((resolve, reject) => {
        const next = () => {
          const batch = queue.splice(0, BATCH);
          if (batch.length === 0) {
            worker.terminate().then(resolve);
            return;
          }
          worker.postMessage(batch);
        };
        worker.on('message', (done) => {
          results.push(...done);
          next();
        });
        worker.on('error', reject);
        next();
      });
    }),
  );
  const leftOut = (status) => results.filter((result) => result.status === status).map((result) => path.relative(repoRoot, result.file));
  const checked = results.filter((result) => result.status !== 'unparseable' && result.status !== 'unprintable');
  const failures = checked.filter((result) => result.status !== 'ok');
  const sum = (key) => checked.reduce((total, result) => total + (result[key] ?? 0), 0);
  const byKind = Object.fromEntries(KINDS.map(({ kind }) => [kind, checked.filter((result) => result.kind === kind).length]));
  const byStatus = {};
  for (const result of results) byStatus[result.status] = (byStatus[result.status] ?? 0) + 1;
  const summary = {
    babel: babel.version,
    node: process.version,
    available,
    files: checked.length,
    leftOut: { unparseable: leftOut('unparseable'), babelCannotReprint: leftOut('unprintable') },
    byKind,
    withJsx: checked.filter((result) => result.jsx).length,
    functions: sum('functions'),
    instrumented: sum('instrumented'),
    expectedWarnings: sum('warnings'),
    ignoredSubtreesCompared: sum('ignoreChecks'),
    statementsMapped: sum('statements'),
    crashes: byStatus.crash ?? 0,
    byStatus,
    seconds: Math.round((performance.now() - started) / 1000),
    failures: failures.map(({ file, status, message }) => ({ file: path.relative(repoRoot, file), status, message })),
  };
  if (args.json) writeFileSync(args.json, `${JSON.stringify(summary, null, 2)}\n`);
  for (const failure of summary.failures.slice(0, 40)) console.log(`${failure.status}: ${failure.file}\n  ${String(failure.message).split('\n').slice(0, 12).join('\n  ')}`);
  console.log(JSON.stringify({ ...summary, failures: undefined }, null, 2));
  const enough = checked.length >= 5000 || Number(args.files) < 5000;
  if (!enough) console.log(`only ${checked.length} files could be checked; the corpus needs at least 5000`);
  console.log(`${checked.length - failures.length} passed, ${failures.length} failed`);
  process.exit(failures.length === 0 && enough ? 0 : 1);
}
