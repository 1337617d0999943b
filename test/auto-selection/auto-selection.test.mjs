// Which tracer the Node entry of dd-span-runtime chooses by itself, each case in a fresh process.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ddTraceHome, ddTraceInitPath, ddTracePath } from '../dd-trace/support/dd-trace-module.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const quietDdTrace = {
  DD_TRACE_AGENT_URL: 'http://127.0.0.1:9',
  DD_TRACE_STARTUP_LOGS: 'false',
  DD_INSTRUMENTATION_TELEMETRY_ENABLED: 'false',
  DD_REMOTE_CONFIGURATION_ENABLED: 'false',
};

// Runs an ES module body in a child whose cwd is the repository (so packages resolve), and returns
// what it printed as JSON on its last line.
function run(body, { env = {}, args = [], cwd = repoRoot } = {}) {
  const child = spawnSync(process.execPath, [...args, '--input-type=module', '-e', body], {
    cwd,
    env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(child.status, 0, child.stderr);
  const lines = child.stdout.trim().split('\n');
  return { result: JSON.parse(lines[lines.length - 1]), stderr: child.stderr };
}

// `ddTraceUnderTest`: whether the process loaded the dd-trace under test (see dd-trace-module.mjs).
const describeTracer = `
  const tracer = runtime.getTracer();
  const kind = tracer === null ? 'none'
    : 'sharesDdTraceScope' in tracer ? 'dd-trace'
    : typeof tracer.stats === 'function' ? 'otlp'
    : 'other';
  const { createRequire } = await import('node:module');
  const ddTraceUnderTest = createRequire(process.cwd() + '/').cache[${JSON.stringify(ddTracePath)}] !== undefined;
  console.log(JSON.stringify({ kind, ddTraceUnderTest }));
  process.exit(0);
`;

describe('automatic tracer selection in Node', () => {
  test('with nothing set up, no tracer is chosen', () => {
    const { result } = run(`import * as runtime from 'dd-span-runtime'; ${describeTracer}`);
    assert.equal(result.kind, 'none');
  });

  test('dd-trace initialised with -r dd-trace/init is chosen', () => {
    const { result } = run(`import * as runtime from 'dd-span-runtime'; ${describeTracer}`, {
      args: ['-r', ddTraceInitPath],
      env: quietDdTrace,
    });
    assert.deepEqual(result, { kind: 'dd-trace', ddTraceUnderTest: true });
  });

  test('a registered OpenTelemetry provider is chosen, and spans become OpenTelemetry spans', () => {
    const { result } = run(`
      import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
      import { trace } from '@opentelemetry/api';
      const exporter = new InMemorySpanExporter();
      trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
      const runtime = await import('dd-span-runtime');
      const rt = runtime.instrumentation;
      rt.end(rt.start(rt.site('checkout', [])));
      console.log(JSON.stringify({ names: exporter.getFinishedSpans().map((s) => s.name), chosen: runtime.getTracer() !== null }));
      process.exit(0);
    `);
    assert.deepEqual(result, { names: ['checkout'], chosen: true });
  });

  test('a provider registered after the runtime loaded is still found when the first instrumented module loads', () => {
    const { result } = run(`
      import * as runtime from 'dd-span-runtime';
      import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
      import { trace } from '@opentelemetry/api';
      const before = runtime.getTracer() === null;
      const exporter = new InMemorySpanExporter();
      trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
      const rt = runtime.instrumentation;
      const site = rt.site('late', []);   // what an instrumented module does when it loads
      rt.end(rt.start(site));
      console.log(JSON.stringify({ before, names: exporter.getFinishedSpans().map((s) => s.name) }));
      process.exit(0);
    `);
    assert.deepEqual(result, { before: true, names: ['late'] });
  });

  test('dd-trace wins over an OpenTelemetry provider', () => {
    const { result } = run(
      `
      import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
      import { trace } from '@opentelemetry/api';
      trace.setGlobalTracerProvider(new BasicTracerProvider());
      const runtime = await import('dd-span-runtime');
      ${describeTracer}`,
      { args: ['-r', ddTraceInitPath], env: quietDdTrace },
    );
    assert.deepEqual(result, { kind: 'dd-trace', ddTraceUnderTest: true });
  });

  test('OTEL_EXPORTER_OTLP_ENDPOINT alone chooses the built-in OTLP exporter', () => {
    const { result } = run(`import * as runtime from 'dd-span-runtime'; ${describeTracer}`, {
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' },
    });
    assert.equal(result.kind, 'otlp');
  });

  test('a malformed OTLP endpoint is reported clearly and the app runs untraced', () => {
    const { result, stderr } = run(`import * as runtime from 'dd-span-runtime'; ${describeTracer}`, {
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' },
    });
    assert.equal(result.kind, 'none');
    assert.match(stderr, /OTEL_EXPORTER_OTLP_ENDPOINT/);
  });

  test('an explicit configure() is final: automatic selection never replaces it', () => {
    const { result } = run(
      `
      import * as runtime from 'dd-span-runtime';
      runtime.configure({ tracer: null });
      const { trace } = await import('@opentelemetry/api');
      const { BasicTracerProvider } = await import('@opentelemetry/sdk-trace-base');
      trace.setGlobalTracerProvider(new BasicTracerProvider());
      runtime.instrumentation.site('after', []);
      ${describeTracer}`,
      { env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' } },
    );
    assert.equal(result.kind, 'none');
  });

  test('DD_TRACE_DEBUG explains why no bridge was chosen', () => {
    const { stderr } = run(`import * as runtime from 'dd-span-runtime'; ${describeTracer}`, { env: { DD_TRACE_DEBUG: 'true' } });
    assert.match(stderr, /dd-trace bridge was not chosen/);
    assert.match(stderr, /OTLP exporter was not chosen/);
  });
});

describe('DD_PROFILING_ENABLED', () => {
  test('without dd-trace installed, one warning says what to install, and the app runs', () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'dd-span-no-dd-trace-'));
    const entry = path.join(cwd, 'main.mjs');
    writeFileSync(
      entry,
      `import * as runtime from ${JSON.stringify(path.join(repoRoot, 'runtime/dist/esm/node.js'))};\nconsole.log(JSON.stringify({ ok: true }));\n`,
    );
    const child = spawnSync(process.execPath, [entry], { cwd, env: { ...process.env, DD_PROFILING_ENABLED: 'true' }, encoding: 'utf8' });
    assert.equal(child.status, 0, child.stderr);
    assert.match(child.stderr, /DD_PROFILING_ENABLED is set, but dd-trace is not installed\. Install it \(`npm install dd-trace`\)/);
    assert.equal(child.stderr.match(/DD_PROFILING_ENABLED/g).length, 1);
  });

  test('with dd-trace installed but not started, it is started with profiling on and becomes the tracer', () => {
    // The runtime requires dd-trace from the working directory (the application's); dd-span-runtime
    // is found above it, in the repository. The bridge is only chosen once dd-trace is initialised.
    const { result } = run(
      `import * as runtime from 'dd-span-runtime'; ${describeTracer}`,
      { env: { ...quietDdTrace, DD_PROFILING_ENABLED: 'true' }, cwd: ddTraceHome },
    );
    assert.deepEqual(result, { kind: 'dd-trace', ddTraceUnderTest: true });
  });
});
