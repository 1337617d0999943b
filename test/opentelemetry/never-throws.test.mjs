// Whatever the OpenTelemetry side does (a provider, tracer, span or context manager that throws),
// annotated functions return and throw exactly what they would without instrumentation, the caller's
// context is left as it was, and nothing is left unhandled.
import assert from 'node:assert/strict';
import { afterEach, before, beforeEach, describe, test } from 'node:test';
import { context, trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { configure } from 'dd-span-runtime';
import { createOpenTelemetryBridge, DdSpanContextManager } from 'dd-span-runtime/opentelemetry';
import { runInstrumented, runOriginal } from '../../babel-plugin-dd-span/test/support/exec.mjs';
import { useContextManager } from './support/managers.mjs';

const source = `
//dd:span
function add(a, b) {
  return a + b;
}

//dd:span
function fails(message) {
  throw new RangeError(message);
}

//dd:span
async function later(value) {
  await null;
  return value * 2;
}

//dd:span
async function rejectsLater(message) {
  await null;
  throw new TypeError(message);
}

//dd:span
function* pairs(n) {
  for (let i = 0; i < n; i++) yield [i, add(i, i)];
}

module.exports = { add, fails, later, rejectsLater, pairs };
`;
const instrumented = runInstrumented(source, { filename: 'faults-app.js' });
const original = runOriginal(source, { filename: 'faults-app.js' });

/** Every way the module's functions end, as plain data: values, and thrown or rejected errors by class and message. */
async function outcomes(app) {
  const settle = async (call) => {
    try {
      return { value: await call() };
    } catch (error) {
      return { threw: error.constructor.name, message: error.message };
    }
  };
  return [
    await settle(() => app.add(1, 2)),
    await settle(() => app.fails('sync failure')),
    await settle(() => app.later(21)),
    await settle(() => app.rejectsLater('async failure')),
    await settle(() => [...app.pairs(3)]),
  ];
}

const unhandled = [];
process.on('unhandledRejection', (reason) => unhandled.push(reason));
process.on('uncaughtException', (error) => unhandled.push(error));

const exporter = new InMemorySpanExporter();
const sdk = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

// One registration for the whole file (the API refuses a second one); each test sets `fault`:
// { at: 'getTracer' }, { at: 'startSpan' } or { at: 'span', method }.
let fault = null;
const failAt = (where) => {
  throw new Error(`${where} fault`);
};

/** The SDK span, except that `method` throws after doing its work. */
function withFaultyMethod(span, method) {
  return new Proxy(span, {
    get(target, key) {
      const value = Reflect.get(target, key);
      if (typeof value !== 'function') return value;
      if (key !== method) return value.bind(target);
      return (...args) => {
        value.apply(target, args);
        failAt(method);
      };
    },
  });
}

trace.setGlobalTracerProvider({
  getTracer(...args) {
    if (fault?.at === 'getTracer') failAt('getTracer');
    const tracer = sdk.getTracer(...args);
    return {
      startSpan(...spanArgs) {
        if (fault?.at === 'startSpan') failAt('startSpan');
        const span = tracer.startSpan(...spanArgs);
        return fault?.at === 'span' ? withFaultyMethod(span, fault.method) : span;
      },
    };
  },
});

before(() => configure({ tracer: createOpenTelemetryBridge() }));
beforeEach(() => {
  exporter.reset();
  unhandled.length = 0;
});
afterEach(async () => {
  fault = null;
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(unhandled, []);
});

async function assertUnaffected({ contextReadable = true } = {}) {
  const before = contextReadable ? context.active() : undefined;
  assert.deepEqual(await outcomes(instrumented), await outcomes(original));
  if (contextReadable) assert.equal(context.active(), before);
}

describe('with DdSpanContextManager', () => {
  before(() => useContextManager(new DdSpanContextManager()));

  test('the functions behave as uninstrumented and their spans reach the SDK when nothing fails', async () => {
    await assertUnaffected();
    // add ×1 direct + 3 from pairs, fails, later, rejectsLater, pairs.
    assert.equal(exporter.getFinishedSpans().length, 8);
  });

  test('a tracer provider whose getTracer throws', async () => {
    // A new bridge asks the provider for its tracer again.
    configure({ tracer: createOpenTelemetryBridge() });
    fault = { at: 'getTracer' };
    await assertUnaffected();
  });

  test('a tracer whose startSpan throws', async () => {
    fault = { at: 'startSpan' };
    await assertUnaffected();
  });

  for (const method of ['setStatus', 'recordException', 'end']) {
    test(`spans whose ${method} throws`, async () => {
      fault = { at: 'span', method };
      await assertUnaffected();
    });
  }
});

describe('with context managers that throw', () => {
  test('a manager whose active() throws', async () => {
    useContextManager(
      new (class extends DdSpanContextManager {
        active() {
          throw new Error('active fault');
        }
      })(),
    );
    // OpenTelemetry's own context.active() throws too: only the outcomes can be compared.
    await assertUnaffected({ contextReadable: false });
  });

  test('a manager whose enterWith() throws', async () => {
    useContextManager(
      new (class extends DdSpanContextManager {
        enterWith() {
          throw new Error('enterWith fault');
        }
      })(),
    );
    await assertUnaffected();
  });
});
