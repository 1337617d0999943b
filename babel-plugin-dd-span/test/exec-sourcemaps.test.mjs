// Issue 2 §4, source maps: original statements keep their positions, generated ones have none, so
// with `node --enable-source-maps` an error thrown in an annotated function shows the very stack
// frames the original code shows, and every original statement maps back to where it was written.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { babel, compile, pluginPath, repoRoot } from './support/babel.mjs';

const requireFromRepo = createRequire(path.join(repoRoot, 'package.json'));

// Each case throws from a different kind of annotated function, from a different kind of place.
const source = `'use strict';
//dd:span
function syncThrow(x) {
  const doubled = x * 2;
  throw new Error('sync ' + doubled);
}
//dd:span
async function afterAwait(x) {
  await null;
  if (x > 0) {
    throw new Error('after await');
  }
}
//dd:span
function fromReturnExpression(text) {
  return JSON.parse(text);
}
//dd:span
const arrow = (x) => x.missing.property;
//dd:span
function* generator() {
  yield 1;
  throw new Error('in generator');
}
//dd:span
async function* asyncGenerator(items) {
  for await (const item of items) {
    try {
      yield item;
    } finally {
      if (item === 2) throw new Error('in finally');
    }
  }
}
class Service {
  //dd:span
  handle(request) {
    return helper(request);
    function helper(r) {
      return r.body.length;
    }
  }
}
module.exports.cases = {
  syncThrow: () => syncThrow(1),
  afterAwait: () => afterAwait(1),
  fromReturnExpression: () => fromReturnExpression('{not json'),
  arrow: () => arrow({}),
  generator: () => [...generator()],
  asyncGenerator: async () => { for await (const item of asyncGenerator([1, 2, 3])) {} },
  method: () => new Service().handle({}),
};
`;

const workDir = mkdtempSync(path.join(tmpdir(), 'dd-span-sourcemaps-'));
after(() => rmSync(workDir, { recursive: true, force: true }));

const originalFile = path.join(workDir, 'original.js');
writeFileSync(originalFile, source);
const compileTo = (name, plugins) => {
  const file = path.join(workDir, name);
  const options = { filename: originalFile, sourceType: 'script', sourceMaps: 'inline', babelrc: false, configFile: false };
  writeFileSync(file, babel.transformSync(source, { ...options, plugins }).code);
  return file;
};
const pluginOptions = { moduleStyle: 'require', runtime: requireFromRepo.resolve('dd-span-runtime') };
const compiledFile = compileTo('compiled.js', [[pluginPath, pluginOptions]]);
// The same source through Babel without the plugin: Node names some mapped frames after the source
// map's `names` (`at x` for an arrow, `at handle` for `Service.handle`), with or without dd-span.
const babelOnlyFile = compileTo('babel-only.js', []);

// Runs every case in a child process and returns, per case, the stack frames that lie in `original.js`.
function framesOf(file, nodeOptions) {
  const script = `
    require(${JSON.stringify(requireFromRepo.resolve('dd-span-runtime/testing'))});
    (async () => {
      const frames = {};
      for (const [name, run] of Object.entries(require(${JSON.stringify(file)}).cases)) {
        try { await run(); frames[name] = 'did not throw'; }
        catch (error) { frames[name] = error.stack.split('\\n').filter((line) => line.includes(${JSON.stringify(originalFile)})).map((line) => line.trim()); }
      }
      process.stdout.write(JSON.stringify(frames));
    })();
  `;
  const child = spawnSync(process.execPath, [...nodeOptions, '-e', script], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout);
}

const lineOf = (text) => source.slice(0, source.indexOf(text)).split('\n').length;

const locations = (frames) =>
  Object.fromEntries(Object.entries(frames).map(([name, lines]) => [name, lines.map((line) => line.match(/\(?([^ (]+:\d+:\d+)\)?$/)[1])]));

test('with --enable-source-maps, errors thrown in annotated functions show the original stack frames', () => {
  const original = framesOf(originalFile, []);
  const compiled = framesOf(compiledFile, ['--enable-source-maps']);
  assert.deepEqual(locations(compiled), locations(original));
  assert.deepEqual(compiled, framesOf(babelOnlyFile, ['--enable-source-maps']));
  // The original frames themselves point where the test means them to, so the comparison is not vacuous.
  const top = (name) => Number(original[name][0].match(/:(\d+):\d+\)?$/)[1]);
  assert.equal(top('syncThrow'), lineOf("throw new Error('sync '"));
  assert.equal(top('afterAwait'), lineOf("throw new Error('after await')"));
  assert.equal(top('fromReturnExpression'), lineOf('return JSON.parse(text)'));
  assert.equal(top('arrow'), lineOf('x.missing.property'));
  assert.equal(top('generator'), lineOf("throw new Error('in generator')"));
  assert.equal(top('asyncGenerator'), lineOf("throw new Error('in finally')"));
  assert.equal(top('method'), lineOf('return r.body.length'));
});

test('without source maps the compiled stack frames would differ, so the previous test depends on them', () => {
  assert.notDeepEqual(framesOf(compiledFile, []), framesOf(originalFile, []));
});

// `Type@line:column` (0-based, as source maps count) of the nodes `select` picks, located by `locate`.
function positions(ast, select, locate) {
  const found = [];
  const visit = (node) => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node.type !== 'string') return;
    for (const picked of select(node)) {
      const position = picked.loc ? locate(picked.loc.start.line - 1, picked.loc.start.column) : null;
      if (position !== null) found.push(`${picked.type}@${position}`);
    }
    for (const key of babel.types.VISITOR_KEYS[node.type] ?? []) visit(node[key]);
  };
  visit(ast.program);
  return found;
}

// Statements, and the expression body of arrows (which becomes the operand of a generated `return`).
function statementsOf(node) {
  const picked = babel.types.isStatement(node) ? [node] : [];
  if (node.type === 'ArrowFunctionExpression' && node.body.type !== 'BlockStatement') picked.push(node.body);
  return picked;
}

test('every original statement of an instrumented function maps back to its original line and column', () => {
  const result = compile(source, {
    filename: originalFile,
    sourceType: 'script',
    sourceMaps: true,
    pluginOptions: { moduleStyle: 'require' },
  });
  const map = new SourceMap(result.map);
  const parse = (code) => babel.parseSync(code, { filename: originalFile, sourceType: 'script', babelrc: false, configFile: false });
  const originalPositions = positions(parse(source), statementsOf, (line, column) => `${line}:${column}`);
  const mappedBack = new Set(
    positions(parse(result.code), (node) => [node], (line, column) => {
      const entry = map.findEntry(line, column);
      if (entry.generatedLine !== line || entry.generatedColumn !== column) return null;
      return `${entry.originalLine}:${entry.originalColumn}`;
    }),
  );
  assert.ok(originalPositions.length > 30, 'the source has fewer statements than the test means to check');
  assert.deepEqual(
    originalPositions.filter((position) => !mappedBack.has(position)),
    [],
    'original statements that no generated node of the same type maps back to exactly',
  );
});
