// dd-span-runtime ships two builds. Compiled CommonJS reaches it with `require`, ES modules with
// `import`, and tests import 'dd-span-runtime/testing': whatever mix an application ends up with,
// there must be one tracer, one context and one recorder.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esmTesting from 'dd-span-runtime/testing';
import * as esm from 'dd-span-runtime';

const require = createRequire(import.meta.url);
const cjs = require('dd-span-runtime');
const cjsTesting = require('dd-span-runtime/testing');

const runtimeRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(path.join(runtimeRoot, 'package.json'), 'utf8'));
const inRuntime = (...parts) => realpathSync(path.join(runtimeRoot, ...parts));
const resolvedByImport = (specifier) => realpathSync(fileURLToPath(import.meta.resolve(specifier)));

test('require and import load two separate module instances of the runtime', () => {
  // Without this, the state-sharing tests below would pass for the wrong reason.
  assert.notEqual(cjs.instrumentation, esm.instrumentation);
  assert.notEqual(cjs.instrumentation.start, esm.instrumentation.start);
});

test('"." and "./testing" resolve to dist/cjs for require and to dist/esm for import (in Node, "." is the node entry)', () => {
  for (const [specifier, file] of [
    ['dd-span-runtime', 'node.js'],
    ['dd-span-runtime/testing', 'testing.js'],
  ]) {
    assert.equal(realpathSync(require.resolve(specifier)), inRuntime('dist', 'cjs', file), specifier);
    assert.equal(resolvedByImport(specifier), inRuntime('dist', 'esm', file), specifier);
  }
});

test('files under dist/esm load as ES modules and files under dist/cjs as CommonJS', async () => {
  // Importing CommonJS always yields a `default` export (module.exports); a real ES module of ours has none.
  const asEsm = await import(pathToFileURL(path.join(runtimeRoot, 'dist/esm/index.js')).href);
  const asCjs = await import(pathToFileURL(path.join(runtimeRoot, 'dist/cjs/index.js')).href);
  assert.equal('default' in asEsm, false);
  assert.equal(asCjs.default.instrumentation, cjs.instrumentation);
});

test('paths the exports map does not list cannot be reached', () => {
  assert.throws(() => require.resolve('dd-span-runtime/dist/cjs/state.js'), { code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' });
  assert.equal(require('dd-span-runtime/package.json').name, 'dd-span-runtime');
});

// Every conditional entry: its file exists, and its types are the .d.ts beside it.
const conditionalEntries = Object.entries(manifest.exports).filter(([, target]) => typeof target === 'object');

for (const [subpath, conditions] of conditionalEntries) {
  test(`the "${subpath}" export has a file and a .d.ts beside it for both import and require`, () => {
    const variants = [conditions, ...['browser', 'node'].flatMap((name) => (conditions[name] ? [conditions[name]] : []))];
    for (const [variant, condition] of variants.flatMap((v) => [[v, 'import'], [v, 'require']])) {
      const { types, default: file } = variant[condition];
      assert.ok(existsSync(path.join(runtimeRoot, file)), `${condition}: ${file} is missing`);
      assert.equal(types, file.replace(/\.js$/, '.d.ts'), `${condition}: types are not beside ${file}`);
      assert.ok(existsSync(path.join(runtimeRoot, types)), `${condition}: ${types} is missing`);
      assert.match(file, condition === 'import' ? /^\.\/dist\/esm\// : /^\.\/dist\/cjs\//);
    }
  });
}

test('a bundler that sets both the browser and the node condition (webpack\'s electron-renderer target) gets the browser entry', async () => {
  const { default: esbuild } = await import('esbuild');
  const entry = (format) => {
    const result = esbuild.buildSync({
      stdin: { contents: format === 'esm' ? `import 'dd-span-runtime';` : `require('dd-span-runtime');`, resolveDir: runtimeRoot },
      bundle: true,
      write: false,
      metafile: true,
      format,
      platform: 'node',
      conditions: ['browser'],
      logLevel: 'silent',
    });
    return Object.keys(result.metafile.inputs).flatMap((file) => file.match(/dist\/(esm|cjs)\/(index|node)\.js$/)?.[0] ?? []);
  };
  assert.deepEqual(entry('esm'), ['dist/esm/index.js']);
  assert.deepEqual(entry('cjs'), ['dist/cjs/index.js']);
});

test('a span started through require is the parent of a span started through import, in one recorder', () => {
  esmTesting.resetSpans();
  const outer = cjs.instrumentation.start(cjs.instrumentation.site('cjs.outer'));
  const inner = esm.instrumentation.start(esm.instrumentation.site('esm.inner'));
  esm.instrumentation.end(inner);
  cjs.instrumentation.end(outer);

  const spans = esmTesting.getFinishedSpans();
  assert.deepEqual(
    spans.map((span) => span.name),
    ['esm.inner', 'cjs.outer'],
  );
  const [child, parent] = spans;
  assert.equal(parent.parentId, null);
  assert.equal(child.parentId, parent.spanId);
  assert.equal(child.traceId, parent.traceId);
  assert.deepEqual(cjsTesting.getFinishedSpans(), spans);
});

test('a span started through import is the parent of a failing span started through require', () => {
  cjsTesting.resetSpans();
  const outer = esm.instrumentation.start(esm.instrumentation.site('esm.outer'));
  const inner = cjs.instrumentation.start(cjs.instrumentation.site('cjs.inner', ['layer', 'legacy']));
  const thrown = new TypeError('from CommonJS');
  cjs.instrumentation.fail(inner, thrown);
  cjs.instrumentation.end(inner);
  const returned = esm.instrumentation.ret(outer, 42);
  esm.instrumentation.end(outer);

  assert.equal(returned, 42);
  const [child, parent] = esmTesting.getFinishedSpans();
  assert.equal(child.parentId, parent.spanId);
  assert.equal(child.error, 1);
  assert.equal(child.tags['error.type'], 'TypeError');
  assert.equal(child.tags.layer, 'legacy');
  assert.equal(parent.error, 0);
});

test('resetSpans through one build empties the recorder the other build reads', () => {
  const frame = cjs.instrumentation.start(cjs.instrumentation.site('before.reset'));
  cjs.instrumentation.end(frame);
  assert.notEqual(esmTesting.getFinishedSpans().length, 0);
  cjsTesting.resetSpans();
  assert.deepEqual(esmTesting.getFinishedSpans(), []);
});

test('a tracer configured through require is the one import sees, and back', () => {
  const silent = { startSpan: () => null };
  try {
    cjs.configure({ tracer: silent });
    assert.equal(esm.getTracer(), silent);
    esm.configure({ tracer: null });
    assert.equal(cjs.getTracer(), null);
  } finally {
    esm.configure({ tracer: esmTesting.recorder });
  }
  assert.equal(cjs.getTracer(), cjsTesting.recorder);
  assert.equal(cjsTesting.recorder, esmTesting.recorder);
});

// In a fresh process, so that the build loaded first is the one that creates the shared state.
for (const first of ['require', 'import']) {
  test(`state is shared when the ${first} build loads first`, () => {
    const script = `
      import { createRequire } from 'node:module';
      const require = createRequire(process.cwd() + '/');
      const load = {
        require: async () => require('dd-span-runtime'),
        import: async () => import('dd-span-runtime'),
      };
      const second = ${JSON.stringify(first === 'require' ? 'import' : 'require')};
      const a = await load[${JSON.stringify(first)}]();
      const testing = ${first === 'require' ? "await import('dd-span-runtime/testing')" : "require('dd-span-runtime/testing')"};
      const b = await load[second]();
      const outer = a.instrumentation.start(a.instrumentation.site('first'));
      const inner = b.instrumentation.start(b.instrumentation.site('second'));
      b.instrumentation.end(inner);
      a.instrumentation.end(outer);
      console.log(JSON.stringify({ distinct: a.instrumentation !== b.instrumentation, spans: testing.getFinishedSpans() }));
    `;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: runtimeRoot, encoding: 'utf8' });
    const { distinct, spans } = JSON.parse(output);
    assert.equal(distinct, true);
    assert.deepEqual(
      spans.map((span) => span.name),
      ['second', 'first'],
    );
    assert.equal(spans[0].parentId, spans[1].spanId);
  });
}

test('a TypeScript consumer type-checks against both entries, from ESM and from CommonJS', async () => {
  const { default: ts } = await import('typescript');
  const project = mkdtempSync(path.join(tmpdir(), 'dd-span-types-'));
  try {
    // An installed consumer: its node_modules holds the package, as npm would link it.
    mkdirSync(path.join(project, 'node_modules'));
    symlinkSync(runtimeRoot, path.join(project, 'node_modules', 'dd-span-runtime'), 'dir');
    writeFileSync(path.join(project, 'package.json'), '{ "type": "module" }');
    const consumer = (load, exporting) => `
      ${load}
      const spans: FinishedSpan[] = getFinishedSpans();
      const first: FinishedSpan | undefined = spans[0];
      const parent: string | null | undefined = first?.parentId;
      const error: 0 | 1 | undefined = first?.error;
      const tags: Record<string, string> | undefined = first?.tags;
      resetSpans();
      configure({ tracer: createConsoleTracer({ write: (text: string) => void text }) });
      const text: string = renderTree(spans);
      // @ts-expect-error a span's name is a string: this proves the types are real, not \`any\`
      const wrong: number = spans[0]!.name;
      ${exporting} { parent, error, tags, text, wrong };
    `;
    writeFileSync(
      path.join(project, 'esm.mts'),
      consumer(`import { configure, createConsoleTracer, renderTree } from 'dd-span-runtime';
        import { getFinishedSpans, resetSpans, type FinishedSpan } from 'dd-span-runtime/testing';`, 'export'),
    );
    writeFileSync(
      path.join(project, 'cjs.cts'),
      consumer(`import runtime = require('dd-span-runtime');
        import testing = require('dd-span-runtime/testing');
        type FinishedSpan = testing.FinishedSpan;
        const { configure, createConsoleTracer, renderTree } = runtime;
        const { getFinishedSpans, resetSpans } = testing;`, 'export ='),
    );
    // No DOM library and no @types/node: the declarations must stand on their own.
    const program = ts.createProgram([path.join(project, 'esm.mts'), path.join(project, 'cjs.cts')], {
      module: ts.ModuleKind.Node16,
      moduleResolution: ts.ModuleResolutionKind.Node16,
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2022.d.ts'],
      types: [],
      strict: true,
      noEmit: true,
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    assert.deepEqual(diagnostics, []);
    const resolved = (from, specifier, mode) =>
      realpathSync(ts.resolveModuleName(specifier, path.join(project, from), program.getCompilerOptions(), ts.sys, undefined, undefined, mode).resolvedModule.resolvedFileName);
    assert.equal(resolved('esm.mts', 'dd-span-runtime/testing', ts.ModuleKind.ESNext), inRuntime('dist/esm/testing.d.ts'));
    assert.equal(resolved('cjs.cts', 'dd-span-runtime/testing', ts.ModuleKind.CommonJS), inRuntime('dist/cjs/testing.d.ts'));
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});
