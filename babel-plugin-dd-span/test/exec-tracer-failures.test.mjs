// Issue 2 §4/§5: the runtime calls injected into user code never throw into it. Compiled code runs
// with tracers broken in every member the runtime touches, and must behave as the original does.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { configure } from 'dd-span-runtime';
import { recorder } from 'dd-span-runtime/testing';
import { runInstrumented, runOriginal, withTracer } from './support/exec.mjs';

after(() => configure({ tracer: recorder }));

// Every kind of function, returning, throwing and suspending in every way the runtime sees.
const source = `
const log = [];
const failure = new Error('user failure');
const turn = () => new Promise((resolve) => setImmediate(resolve));
//dd:span
function syncReturn(x) { return { x }; }
//dd:span
function syncThrow() { throw failure; }
//dd:span
function returnsError() { return failure; }
//dd:span
async function asyncAwait(x) { await turn(); return x * 2; }
//dd:span
async function asyncReject() { await null; throw failure; }
//dd:span
async function returnsPromise(x) { return turn().then(() => x); }
//dd:span
async function returnsThenable(x) { return { then(resolve) { log.push('then'); resolve(x); } }; }
//dd:span
async function recovers() { try { await Promise.reject(failure); } catch (error) { return error === failure; } finally { log.push('finally'); } }
//dd:span
function* generator() { try { yield 1; yield 2; } finally { log.push('generator closed'); } }
//dd:span
function* delegating() { yield* generator(); yield 3; }
//dd:span
async function* asyncGenerator() { yield 1; await turn(); yield 2; }
//dd:span
async function consumes() { const seen = []; for await (const value of asyncGenerator()) seen.push(value); return seen; }
class Model {
  //dd:span
  constructor(name) { this.name = name; }
  //dd:span
  get label() { return 'model ' + this.name; }
}
const outcome = async (run) => {
  try { const value = await run(); return ['value', value === failure ? 'the failure' : value]; }
  catch (error) { return ['thrown', error === failure ? 'the failure' : String(error)]; }
};
module.exports.observe = async () => {
  const results = [
    await outcome(() => syncReturn(1)),
    await outcome(() => syncThrow()),
    await outcome(() => returnsError()),
    await outcome(() => asyncAwait(2)),
    await outcome(() => asyncReject()),
    await outcome(() => returnsPromise(3)),
    await outcome(() => returnsThenable(4)),
    await outcome(() => recovers()),
    await outcome(() => { const g = generator(); return [g.next(), g.return('early'), g.next()]; }),
    await outcome(() => { const g = generator(); g.next(); return g.throw(failure); }),
    await outcome(() => [...delegating()]),
    await outcome(() => consumes()),
    await outcome(() => new Model('m').label),
  ];
  return { results, log };
};
`;

function fault(place) {
  return new Error(`tracer failure in ${place}`);
}

// A tracer over the testing recorder whose member `place` throws; `calls` counts how often it was hit.
function brokenTracer(place) {
  const calls = { count: 0 };
  const hit = () => {
    calls.count++;
    throw fault(place);
  };
  const store = { value: undefined };
  const tracer = {
    contextStore: {
      get: () => (place === 'contextStore.get' ? hit() : store.value),
      set: (value) => (place === 'contextStore.set' ? hit() : (store.value = value)),
    },
    startSpan(site, parent) {
      if (place === 'startSpan') hit();
      const span = recorder.startSpan(site, parent);
      return {
        get context() {
          return place === 'context' ? hit() : span.context;
        },
        recordError: (error) => (place === 'recordError' ? hit() : span.recordError(error)),
        finish: () => (place === 'finish' ? hit() : span.finish()),
      };
    },
  };
  return { tracer, calls };
}

const expected = await runOriginal(source).observe();

for (const place of ['startSpan', 'context', 'recordError', 'finish', 'contextStore.get', 'contextStore.set']) {
  test(`a tracer whose ${place} throws leaves every annotated function behaving as the original`, async () => {
    const { tracer, calls } = brokenTracer(place);
    const observed = await withTracer(tracer, () => runInstrumented(source).observe());
    assert.deepEqual(observed, expected);
    assert.ok(calls.count > 0, `${place} was never called: the test proves nothing`);
  });
}

test('a span handle whose members are not functions, and a context that throws only once resumed, are contained too', async () => {
  let reads = 0;
  const tracers = [
    { startSpan: () => ({}) },
    { startSpan: () => 42 },
    {
      startSpan: () => ({
        get context() {
          if (++reads > 1) throw fault('context on resume');
          return { traceId: 'x', spanId: 'y' };
        },
        recordError() {},
        finish() {},
      }),
    },
  ];
  for (const tracer of tracers) {
    reads = 0;
    assert.deepEqual(await withTracer(tracer, () => runInstrumented(source).observe()), expected);
  }
  assert.ok(reads > 1, 'the context was never read again after a suspension');
});

test('the original results are what this corpus means to exercise', () => {
  assert.deepEqual(expected.results, [
    ['value', { x: 1 }],
    ['thrown', 'the failure'],
    ['value', 'the failure'],
    ['value', 4],
    ['thrown', 'the failure'],
    ['value', 3],
    ['value', 4],
    ['value', true],
    ['value', [{ value: 1, done: false }, { value: 'early', done: true }, { value: undefined, done: true }]],
    ['thrown', 'the failure'],
    ['value', [1, 2, 3]],
    ['value', [1, 2]],
    ['value', 'model m'],
  ]);
  assert.deepEqual(expected.log, ['then', 'finally', 'generator closed', 'generator closed', 'generator closed']);
});
