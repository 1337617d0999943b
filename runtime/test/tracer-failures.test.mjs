// A broken tracer (a bridge bug, an exporter that throws) must never reach the application: every
// entry point contains it, and the instrumented function returns, throws and resolves as before.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { getFinishedSpans, recorder, resetSpans } from 'dd-span-runtime/testing';
import { configure, createNativeTracer, instrumentation as rt } from 'dd-span-runtime';
import { tracedAsync, tracedSync } from './support/hand-compiled.mjs';

afterEach(() => {
  configure({ tracer: recorder });
  resetSpans();
});

function fault(where) {
  return new Error(`tracer fault in ${where}`);
}

/**
 * A tracer that works except where `broken` says, and counts the calls it got at the broken place.
 * With `armed: false` it breaks only once `arm()` is called.
 */
function brokenTracer(broken, { armed = true } = {}) {
  const calls = { count: 0 };
  const hit = (where) => {
    if (armed && where === broken) {
      calls.count++;
      throw fault(where);
    }
  };
  let current;
  const tracer = {
    startSpan(site, parent) {
      hit('startSpan');
      const context = { site: site.name, parent };
      return {
        get context() {
          hit('context');
          return context;
        },
        recordError() {
          hit('recordError');
        },
        finish() {
          hit('finish');
        },
      };
    },
    contextStore: {
      get() {
        hit('contextStore.get');
        return current;
      },
      set(value) {
        hit('contextStore.set');
        current = value;
      },
    },
  };
  return {
    tracer,
    calls,
    arm: () => {
      armed = true;
    },
  };
}

const BROKEN_PLACES = ['startSpan', 'context', 'recordError', 'finish', 'contextStore.get', 'contextStore.set'];

for (const place of BROKEN_PLACES) {
  test(`a tracer whose ${place} throws leaves sync functions' results and throws untouched`, () => {
    const { tracer, calls } = brokenTracer(place);
    configure({ tracer });
    const thrown = new Error('the app failed');
    const add = tracedSync('add', (a, b) => a + b);
    const explode = tracedSync('explode', () => {
      throw thrown;
    });
    const returnsError = tracedSync('returnsError', () => thrown);
    const outer = tracedSync('outer', () => add(1, 2) * 10);

    assert.equal(outer(), 30);
    assert.throws(explode, (error) => error === thrown);
    assert.equal(returnsError(), thrown);
    assert.ok(calls.count > 0, `${place} was never called: the test proves nothing`);
  });

  test(`a tracer whose ${place} throws leaves async functions' results and rejections untouched`, async () => {
    const { tracer, calls } = brokenTracer(place);
    configure({ tracer });
    const rejection = new TypeError('the app rejected');
    const load = tracedAsync('load', async (id) => ({ id }));
    const fails = tracedAsync('fails', async () => {
      throw rejection;
    });
    const both = tracedAsync('both', () => Promise.all([load(1), load(2)]));

    assert.deepEqual(await both(), [{ id: 1 }, { id: 2 }]);
    await assert.rejects(fails(), (error) => error === rejection);
    assert.ok(calls.count > 0, `${place} was never called: the test proves nothing`);
  });
}

test('a tracer whose startSpan returns something that is not a span handle is contained', () => {
  for (const handle of [undefined, 42, {}, { context: 1 }]) {
    configure({ tracer: { startSpan: () => handle } });
    const thrown = new Error('still mine');
    assert.equal(tracedSync('value', () => 'ok')(), 'ok');
    assert.throws(
      tracedSync('throws', () => {
        throw thrown;
      }),
      (error) => error === thrown,
    );
  }
});

test('a native tracer whose sink throws is contained when each span finishes', async () => {
  let finished = 0;
  configure({
    tracer: createNativeTracer(() => {
      finished++;
      throw fault('sink');
    }),
  });
  assert.equal(tracedSync('sync', () => 'value')(), 'value');
  assert.equal(await tracedAsync('async', async () => 'later')(), 'later');
  assert.equal(finished, 2);
});

test('entry points given the frame of a span whose context store broke after it started pass values through', async () => {
  const { tracer, calls, arm } = brokenTracer('contextStore.set', { armed: false });
  configure({ tracer });
  const frame = rt.start(rt.site('direct'));
  assert.notEqual(frame, null);
  arm();
  const value = { kept: true };
  assert.equal(rt.suspend(frame, value), value);
  assert.equal(rt.resume(frame, value), value);
  assert.deepEqual([...rt.iterate(frame, [1, 2, 3], false)], [1, 2, 3]);
  const chunks = [];
  for await (const chunk of rt.iterate(frame, [4, 5], true)) chunks.push(chunk);
  assert.deepEqual(chunks, [4, 5]);
  assert.equal(rt.ret(frame, value), value);
  assert.equal(rt.retAsync(frame, value), value);
  rt.fail(frame, new Error('recorded'));
  rt.end(frame);
  assert.ok(calls.count > 0);
});

test('after a broken tracer is replaced, spans are recorded again with correct parents', () => {
  configure({ tracer: brokenTracer('contextStore.get').tracer });
  tracedSync('lost', () => {})();
  configure({ tracer: recorder });
  const child = tracedSync('child', () => {});
  tracedSync('parent', () => child())();
  const [inner, outer] = getFinishedSpans();
  assert.equal(outer.name, 'parent');
  assert.equal(outer.parentId, null);
  assert.equal(inner.parentId, outer.spanId);
});

test('a span whose context cannot be entered still finishes, so a bridge never holds its trace back', () => {
  let finished = 0;
  configure({
    tracer: {
      contextStore: {
        get: () => undefined,
        set: () => {
          throw fault('contextStore.set');
        },
      },
      startSpan: () => ({ context: {}, recordError() {}, finish: () => finished++ }),
    },
  });
  const double = tracedSync('double', (x) => x * 2);
  assert.equal(double(21), 42);
  assert.equal(finished, 1);
});
