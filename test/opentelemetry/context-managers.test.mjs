// Directive spans and OpenTelemetry's spans parent each other through whichever context manager the
// application registered. One tracer provider (the real SDK) for the whole file; the context
// manager is swapped between groups, as an application's startup would pick one.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { configure } from 'dd-span-runtime';
import { contextSharing, createOpenTelemetryBridge } from 'dd-span-runtime/opentelemetry';
import { managerSetups, useContextManager } from './support/managers.mjs';
import { parentingTests } from './support/parenting.mjs';

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
trace.setGlobalTracerProvider(provider);
// Configured once, before any manager is registered: the bridge follows later registrations.
configure({ tracer: createOpenTelemetryBridge() });
after(() => provider.shutdown());

for (const setup of managerSetups) {
  describe(`with ${setup.label}`, () => {
    before(() => useContextManager(setup.create()));

    test(`the bridge recognises the manager (${setup.sharing})`, () => {
      assert.equal(contextSharing(), setup.sharing);
    });

    parentingTests(exporter, setup.abilities);
  });
}
