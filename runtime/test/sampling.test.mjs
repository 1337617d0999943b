// Sampling by the built-in tracers: a whole trace is kept or dropped at its root
// (DD_TRACE_SAMPLE_RATE, or configure({ sampleRate })), and every span below follows.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { getFinishedSpans, recorder, resetSpans } from 'dd-span-runtime/testing';
import { activeContext, configure } from 'dd-span-runtime';
import { tracedAsync, tracedSync } from './support/hand-compiled.mjs';

beforeEach(() => {
  configure({ tracer: recorder, sampleRate: 1 });
  resetSpans();
});
afterEach(() => configure({ sampleRate: 1 }));

test('at rate 0 nothing is recorded, and the function runs in its caller\'s context, results unchanged', async () => {
  configure({ sampleRate: 0 });
  const seen = [];
  const inner = tracedSync('inner', (x) => {
    seen.push(activeContext());
    return x * 2;
  });
  const outer = tracedAsync('outer', async (x) => {
    seen.push(activeContext());
    return inner(x) + 1;
  });
  assert.equal(await outer(20), 41);
  assert.deepEqual(getFinishedSpans(), []);
  assert.deepEqual(seen, [undefined, undefined]);
  assert.equal(activeContext(), undefined);
});

test('at rate 0 the children of a trace kept before the change are still recorded under their parent', () => {
  let child;
  const outer = tracedSync('outer', () => {
    configure({ sampleRate: 0 });
    child();
  });
  child = tracedSync('child', () => {});
  outer();
  const spans = getFinishedSpans();
  assert.deepEqual(spans.map((span) => span.name), ['child', 'outer']);
  assert.equal(spans[0].parentId, spans[1].spanId);
});

test('a dropped root drops its children too, whatever the rate says for them', () => {
  const decisions = [0.99, 0.01];
  const random = Math.random;
  // The root's draw (0.99) loses at rate 0.5; a child drawing 0.01 would win if it drew at all.
  Math.random = () => decisions.shift() ?? random();
  try {
    configure({ sampleRate: 0.5 });
    const child = tracedSync('child', () => activeContext());
    const root = tracedSync('root', () => child());
    assert.deepEqual(root(), { sampled: false });
  } finally {
    Math.random = random;
  }
  assert.deepEqual(getFinishedSpans(), []);
  assert.equal(decisions.length, 1, 'only the root draws');
});
