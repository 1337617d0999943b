// Browsers have no AsyncLocalStorage. Without `process.getBuiltinModule` the runtime and
// DdSpanContextManager fall back to one variable, as they would in a browser bundle; the compiled
// suspend/resume calls keep it right across awaits in annotated functions, so directive spans and
// OpenTelemetry spans still parent each other, even under interleaving.
import assert from 'node:assert/strict';
import { test } from 'node:test';

delete process.getBuiltinModule;

const { context, createContextKey, ROOT_CONTEXT, trace } = await import('@opentelemetry/api');
const { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } = await import('@opentelemetry/sdk-trace-base');
const { configure } = await import('dd-span-runtime');
const { contextSharing, createOpenTelemetryBridge, DdSpanContextManager } = await import('dd-span-runtime/opentelemetry');
const { parentingTests } = await import('./support/parenting.mjs');

const exporter = new InMemorySpanExporter();
trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
const manager = new DdSpanContextManager();
context.setGlobalContextManager(manager);
configure({ tracer: createOpenTelemetryBridge() });

test('the manager keeps a plain variable here: a context does not follow a callback scheduled inside with()', async () => {
  const key = createContextKey('k');
  const seen = await new Promise((resolve) =>
    manager.with(ROOT_CONTEXT.setValue(key, 'set'), () => setImmediate(() => resolve(manager.active().getValue(key)))),
  );
  assert.equal(seen, undefined);
  assert.equal(contextSharing(), 'dd-span-context-manager');
});

parentingTests(exporter, { otelSeesDirectives: true, asyncCallbacks: false, activeSpans: true });
