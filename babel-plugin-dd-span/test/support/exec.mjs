// Runs source code as a CommonJS module body, either as written or compiled with the plugin, so
// that exec tests can compare the two side by side in one process. Compiled code reaches the real
// dd-span-runtime build through `require`, while tests import 'dd-span-runtime/testing' as ESM: the
// two builds must share one state for any span to be seen.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { activeContext, configure } from 'dd-span-runtime';
import { getFinishedSpans, recorder, resetSpans } from 'dd-span-runtime/testing';
import { babel, compile, presetTypescriptPath, repoRoot } from './babel.mjs';

const requireFromRepo = createRequire(path.join(repoRoot, 'package.json'));

function evaluate(code, filename) {
  const module = { exports: {} };
  const run = new Function('module', 'exports', 'require', `${code}\n//# sourceURL=${filename}`);
  run(module, module.exports, requireFromRepo);
  return module.exports;
}

const typescriptPresets = (filename) => (filename.endsWith('.ts') ? [[presetTypescriptPath, {}]] : []);

/** The module's exports when `source` runs as written (TypeScript only has its types stripped). */
export function runOriginal(source, { filename = 'original.js' } = {}) {
  const code = filename.endsWith('.ts')
    ? babel.transformSync(source, { filename, babelrc: false, configFile: false, presets: typescriptPresets(filename) }).code
    : source;
  return evaluate(code, filename);
}

/** The module's exports when `source` runs compiled with the dd-span plugin. */
export function runInstrumented(source, { filename = 'instrumented.js', pluginOptions = {}, ...extra } = {}) {
  const { code } = compile(source, {
    filename,
    sourceType: 'script',
    pluginOptions: { moduleStyle: 'require', ...pluginOptions },
    presets: typescriptPresets(filename),
    ...extra,
  });
  return evaluate(code, filename);
}

/**
 * Runs the module's exported `observe()` (sync or async) once as written and once compiled, and
 * returns both observations with the spans the compiled run finished. Spans recorded while the
 * original ran would mean the comparison proves nothing, so they fail the run.
 */
export async function observeBoth(source, options = {}) {
  resetSpans();
  const original = await runOriginal(source, options).observe();
  const stray = getFinishedSpans();
  if (stray.length > 0) throw new Error(`the original code recorded spans: ${stray.map((span) => span.name)}`);
  const instrumented = await runInstrumented(source, options).observe();
  const spans = getFinishedSpans();
  resetSpans();
  return { original, instrumented, spans };
}

/** Makes `tracer` the active tracer while `body` runs (awaited), then the testing recorder again. */
export async function withTracer(tracer, body) {
  configure({ tracer });
  try {
    return await body();
  } finally {
    configure({ tracer: recorder });
  }
}

/**
 * The testing recorder, with every span start and finish also written to `log` as
 * `start <name>` / `finish <name>`, so that a test can check the order of spans against its own events.
 */
export function loggingRecorder(log) {
  return {
    startSpan(site, parent) {
      log.push(`start ${site.name}`);
      const span = recorder.startSpan(site, parent);
      return {
        get context() {
          return span.context;
        },
        recordError: (error) => span.recordError(error),
        finish() {
          log.push(`finish ${site.name}`);
          span.finish();
        },
      };
    },
  };
}

/**
 * The differential check: `observe()` gives `expected` as written, the very same when compiled, and
 * the compiled run finishes spans named `spans` (in any order), which proves the functions under
 * test really were instrumented.
 */
export async function assertSameBehaviour(source, { expected, spans, ...options }) {
  const observed = await observeBoth(source, options);
  assert.deepStrictEqual(observed.original, expected, 'the original code does not behave as the test expects');
  assert.deepStrictEqual(observed.instrumented, observed.original);
  assert.deepStrictEqual(observed.spans.map((span) => span.name).sort(), [...spans].sort());
}

/**
 * Runs the compiled module's `observe()` and returns what it saw, the spans that finished meanwhile,
 * and whether a span was left active afterwards (`leaked`), which would make it every later span's parent.
 */
export async function observeInstrumented(source, options = {}) {
  resetSpans();
  const observation = await runInstrumented(source, options).observe();
  const spans = getFinishedSpans();
  resetSpans();
  return { observation, spans, leaked: activeContext() !== undefined };
}

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * `observeInstrumented` for each of `sources` (name → source), in one child process where the
 * runtime cannot reach AsyncLocalStorage and falls back to its single-variable context store, as in
 * a browser. Returns `{ getBuiltinModule, results: name → { observation, spans, leaked } }`.
 */
export function observeInstrumentedWithoutAsyncLocalStorage(sources) {
  const child = spawnSync(
    process.execPath,
    ['--require', path.join(here, 'no-async-local-storage.cjs'), path.join(here, 'observe-in-child.mjs')],
    { input: JSON.stringify(sources), encoding: 'utf8' },
  );
  if (child.status !== 0) throw new Error(`the child process failed (${child.status}):\n${child.stderr}`);
  return JSON.parse(child.stdout);
}

/** Each span as `name <- parent name` (`root` for none), sorted: a picture of the trace's shape. */
export function traceShape(spans) {
  const byId = new Map(spans.map((span) => [span.spanId, span]));
  return spans
    .map((span) => {
      if (span.parentId === null) return `${span.name} <- root`;
      const parent = byId.get(span.parentId);
      assert.ok(parent, `the parent of ${span.name} never finished`);
      assert.equal(span.traceId, parent.traceId, `${span.name} has its parent's id but not its trace`);
      return `${span.name} <- ${parent.name}`;
    })
    .sort();
}
