// `bind(frame, callback)`: the async-context integration's run-time half. Compiled
// code wraps the callbacks an instrumented function hands to timers, promises and event targets.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { activeContext, bind, configure, instrumentation as rt } from 'dd-span-runtime';
import { getFinishedSpans, recorder, resetSpans } from 'dd-span-runtime/testing';

beforeEach(() => {
  configure({ tracer: recorder });
  resetSpans();
});

/** Binds `callback` inside a call of an instrumented function `name`, as compiled code does; returns what bind returned. */
function bindInside(name, callback) {
  const frame = rt.start(rt.site(name, []));
  try {
    return bind(frame, callback);
  } finally {
    rt.end(frame);
  }
}

test('an untraced call, and anything that is not a function, pass through untouched', () => {
  const callback = () => {};
  assert.equal(bind(null, callback), callback);
  assert.equal(bind(undefined, callback), callback);
  const frame = rt.start(rt.site('traced', []));
  try {
    for (const value of ['tick()', null, undefined, 42, { handleEvent() {} }]) assert.equal(bind(frame, value), value);
  } finally {
    rt.end(frame);
  }
});

test('a bound callback runs with the context of the moment it was bound, and gives the caller its own back', () => {
  const receiver = { name: 'receiver' };
  const bound = bindInside('scheduler', function (...args) {
    return { receiver: this, args, context: activeContext() };
  });
  const [scheduler] = getFinishedSpans();
  assert.equal(activeContext(), undefined);
  const seen = bound.call(receiver, 1, 'two');
  assert.equal(seen.receiver, receiver);
  assert.deepEqual(seen.args, [1, 'two']);
  assert.equal(seen.context.spanId, scheduler.spanId);
  assert.equal(activeContext(), undefined);
});

test('a span started in a bound callback is a child of the binding call\'s span, even inside another span', () => {
  const bound = bindInside('scheduler', () => {
    const frame = rt.start(rt.site('work', []));
    rt.end(frame);
  });
  const other = rt.start(rt.site('unrelated', []));
  try {
    bound();
    assert.equal(activeContext(), other.span.context, 'the caller\'s span is active again');
  } finally {
    rt.end(other);
  }
  const [scheduler, work] = getFinishedSpans();
  assert.equal(work.parentId, scheduler.spanId);
});

test('a throwing callback throws the same error, and the caller\'s context is back', () => {
  const error = new Error('from the callback');
  const bound = bindInside('scheduler', () => {
    throw error;
  });
  assert.throws(() => bound(), (thrown) => thrown === error);
  assert.equal(activeContext(), undefined);
});

test('a context store that fails is contained: the callback still runs and returns', () => {
  const failing = {
    get() {
      throw new Error('store get');
    },
    set() {
      throw new Error('store set');
    },
  };
  const working = { contextStore: { get: () => undefined, set() {} }, startSpan: (site, parent) => recorder.startSpan(site, parent) };
  configure({ tracer: working });
  const frame = rt.start(rt.site('scheduler', []));
  const bound = bind(frame, (value) => value * 2);
  configure({ tracer: { ...working, contextStore: failing } });
  assert.equal(bound(21), 42);
  const callback = () => 'runs';
  assert.equal(bind(frame, callback), callback, 'when the context cannot be read, the callback is left as it is');
  rt.end(frame);
});
