// Where DD_* variables are read: by the entries a Node program starts from (the main entry, the
// testing entry), whichever it imports first; never by the browser entry or the OTLP entry, which
// keeps the parser out of browser bundles (the exporter reads DD_SERVICE, DD_ENV and DD_VERSION
// itself: test/otlp/config.test.mjs).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

const runtimeRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function run(env, code) {
  return JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', code], {
      cwd: runtimeRoot,
      env: { ...process.env, ...env },
      encoding: 'utf8',
    }),
  );
}

test('the testing entry imported before the main one still honours DD_TRACE_ENABLED=false', () => {
  const out = run(
    { DD_TRACE_ENABLED: 'false' },
    `import { getFinishedSpans } from 'dd-span-runtime/testing';
     import { getTracer, instrumentation as rt } from 'dd-span-runtime';
     rt.end(rt.start(rt.site('work', [])));
     console.log(JSON.stringify({ tracer: getTracer(), spans: getFinishedSpans().length }));`,
  );
  assert.deepEqual(out, { tracer: null, spans: 0 });
});

test('DD_SERVICE reaches spans recorded through the testing entry alone', () => {
  const out = run(
    { DD_SERVICE: 'billing' },
    `import { getFinishedSpans, recorder } from 'dd-span-runtime/testing';
     const { instrumentation: rt } = await import(${JSON.stringify(pathToFileURL(path.join(runtimeRoot, 'dist/esm/index.js')).href)});
     rt.end(rt.start(rt.site('work', [])));
     console.log(JSON.stringify(getFinishedSpans().map((span) => span.service)));`,
  );
  assert.deepEqual(out, ['billing']);
});

test('the browser entry alone reads no environment: spans keep the defaults', () => {
  const out = run(
    { DD_SERVICE: 'billing', DD_TRACE_ENABLED: 'false' },
    `const runtime = await import(${JSON.stringify(pathToFileURL(path.join(runtimeRoot, 'dist/esm/index.js')).href)});
     const spans = [];
     runtime.configure({ tracer: runtime.createNativeTracer((span) => spans.push(span)) });
     const rt = runtime.instrumentation;
     rt.end(rt.start(rt.site('work', [])));
     console.log(JSON.stringify(spans.map((span) => span.service ?? null)));`,
  );
  assert.deepEqual(out, [null]);
});
