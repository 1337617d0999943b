// 'dd-span-runtime/testing' is a public contract: users' own tests and ours assert on its spans.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { getFinishedSpans, recorder, resetSpans } from 'dd-span-runtime/testing';
import { getTracer, instrumentation as rt } from 'dd-span-runtime';
import { tracedAsync, tracedSync } from './support/hand-compiled.mjs';

const SPAN_KEYS = ['name', 'resource', 'service', 'type', 'tags', 'error', 'traceId', 'spanId', 'parentId', 'start', 'duration'];

beforeEach(resetSpans);

test('importing dd-span-runtime/testing makes its recorder the active tracer', () => {
  assert.equal(getTracer(), recorder);
});

test('a finished span has exactly the documented fields, with their documented types', () => {
  const wallClockBefore = Date.now();
  const checkout = tracedSync('checkout', () => 'ok', [
    'function-name', 'checkout',
    'order.kind', 'retail',
    'resource.name', 'POST /orders',
    'service.name', 'shop',
    'span.type', 'web',
  ]);
  assert.equal(checkout(), 'ok');
  const [span] = getFinishedSpans();

  assert.deepEqual(Object.keys(span).sort(), SPAN_KEYS.slice().sort());
  assert.equal(span.name, 'checkout');
  assert.equal(span.resource, 'POST /orders');
  assert.equal(span.service, 'shop');
  assert.equal(span.type, 'web');
  assert.deepEqual(span.tags, { 'function-name': 'checkout', 'order.kind': 'retail' });
  assert.equal(span.error, 0);
  assert.match(span.traceId, /^[0-9a-f]{32}$/);
  assert.match(span.spanId, /^[0-9a-f]{16}$/);
  assert.equal(span.parentId, null);
  assert.equal(typeof span.start, 'number');
  // Milliseconds since the epoch, not since the process started: within a minute of the wall clock.
  assert.ok(Math.abs(span.start - wallClockBefore) < 60_000, `start ${span.start} is not epoch milliseconds`);
  assert.equal(typeof span.duration, 'number');
  assert.ok(span.duration >= 0);
});

test('a span without resource, service or type directives has resource = name and undefined service and type', () => {
  tracedSync('plain', () => {})();
  const [span] = getFinishedSpans();
  assert.equal(span.resource, 'plain');
  assert.equal(span.service, undefined);
  assert.equal(span.type, undefined);
  assert.deepEqual(span.tags, {});
});

test('a child span carries its parent id and trace id, and lies within its parent in time', () => {
  const child = tracedSync('child', () => 1);
  const parent = tracedSync('parent', () => child() + 1);
  parent();
  const [inner, outer] = getFinishedSpans();
  assert.equal(inner.parentId, outer.spanId);
  assert.equal(inner.traceId, outer.traceId);
  assert.notEqual(inner.spanId, outer.spanId);
  assert.ok(inner.start >= outer.start);
  assert.ok(inner.duration <= outer.duration);
});

test('two root calls get two different traces', () => {
  const root = tracedSync('root', () => {});
  root();
  root();
  const [first, second] = getFinishedSpans();
  assert.notEqual(first.traceId, second.traceId);
  assert.equal(second.parentId, null);
});

test('getFinishedSpans lists spans in the order they finished, not the order they started', async () => {
  const slow = tracedAsync('slow', () => new Promise((resolve) => setTimeout(resolve, 20)));
  const fast = tracedAsync('fast', () => Promise.resolve());
  const first = tracedSync('first', () => {});
  const both = tracedAsync('both', () => Promise.all([slow(), fast()]));
  first();
  await both();
  assert.deepEqual(
    getFinishedSpans().map((span) => span.name),
    ['first', 'fast', 'slow', 'both'],
  );
});

test('getFinishedSpans returns a copy that the recorder does not share', () => {
  tracedSync('kept', () => {})();
  const spans = getFinishedSpans();
  spans.length = 0;
  assert.equal(getFinishedSpans().length, 1);
});

test('resetSpans forgets what was recorded and recording goes on afterwards', () => {
  tracedSync('before', () => {})();
  resetSpans();
  assert.deepEqual(getFinishedSpans(), []);
  tracedSync('after', () => {})();
  assert.deepEqual(
    getFinishedSpans().map((span) => span.name),
    ['after'],
  );
});

test('a thrown error sets error to 1 and the error.type, error.message and error.stack tags', () => {
  const thrown = new RangeError('too far');
  const walk = tracedSync('walk', () => {
    throw thrown;
  }, ['team', 'maps']);
  assert.throws(walk, (error) => error === thrown);
  const [span] = getFinishedSpans();
  assert.equal(span.error, 1);
  assert.deepEqual(span.tags, {
    team: 'maps',
    'error.type': 'RangeError',
    'error.message': 'too far',
    'error.stack': thrown.stack,
  });
});

test('a returned Error is recorded and returned unchanged', () => {
  const made = new Error('as a value');
  const returned = tracedSync('make', () => made)();
  assert.equal(returned, made);
  const [span] = getFinishedSpans();
  assert.equal(span.error, 1);
  assert.equal(span.tags['error.message'], 'as a value');
});

test('a thrown non-Error is recorded with its typeof as type and its string form as message', () => {
  const raise = tracedSync('raise', () => {
    throw 404;
  });
  assert.throws(raise, (error) => error === 404);
  const [span] = getFinishedSpans();
  assert.equal(span.error, 1);
  assert.equal(span.tags['error.type'], 'number');
  assert.equal(span.tags['error.message'], '404');
  assert.equal('error.stack' in span.tags, false);
});

test('the spans of a rejected async call record the rejection and end when it settles', async () => {
  const rejection = new Error('later');
  const load = tracedAsync('load', () => Promise.reject(rejection));
  await assert.rejects(load(), (error) => error === rejection);
  const [span] = getFinishedSpans();
  assert.equal(span.error, 1);
  assert.equal(span.tags['error.message'], 'later');
});

test('spans recorded by hand-made sites carry site tags as strings', () => {
  const frame = rt.start(rt.site('numbers', ['count', 3, 'flag', true]));
  rt.end(frame);
  assert.deepEqual(getFinishedSpans()[0].tags, { count: '3', flag: 'true' });
});
