// Issue 2 §3, errors: whatever an annotated function throws, rejects with or returns as an `Error` is
// recorded on its span, and the caller still gets the very same value.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { getFinishedSpans, resetSpans } from 'dd-span-runtime/testing';
import { runInstrumented, runOriginal } from './support/exec.mjs';

beforeEach(() => resetSpans());

const source = `
//dd:span
function throws(value) { throw value; }
//dd:span
async function rejects(value) { await null; throw value; }
//dd:span
async function returnsRejectedThenable(value) { return { then(resolve, reject) { reject(value); } }; }
//dd:span
async function returnsRejectedPromise(value) { return Promise.reject(value); }
//dd:span
function* throwsInGenerator(value) { yield 1; throw value; }
//dd:span
async function* throwsInAsyncGenerator(value) { yield 1; await null; throw value; }
//dd:span
function returns(value) { return value; }
//dd:span
async function resolvesTo(value) { await null; return value; }
//dd:span
async function resolvesThroughPromise(value) { return Promise.resolve(value); }
//dd:span
function swallows(value) { try { throw value; } catch { return 'swallowed'; } }
module.exports = { throws, rejects, returnsRejectedThenable, returnsRejectedPromise, throwsInGenerator, throwsInAsyncGenerator, returns, resolvesTo, resolvesThroughPromise, swallows };
`;

const original = runOriginal(source);
const instrumented = runInstrumented(source);

const THROWING = {
  throws: (m, value) => m.throws(value),
  rejects: (m, value) => m.rejects(value),
  returnsRejectedThenable: (m, value) => m.returnsRejectedThenable(value),
  returnsRejectedPromise: (m, value) => m.returnsRejectedPromise(value),
  throwsInGenerator: (m, value) => {
    const iterator = m.throwsInGenerator(value);
    iterator.next();
    return iterator.next();
  },
  throwsInAsyncGenerator: async (m, value) => {
    const iterator = m.throwsInAsyncGenerator(value);
    await iterator.next();
    return iterator.next();
  },
};

async function caught(call) {
  try {
    await call();
  } catch (error) {
    return error;
  }
  assert.fail('expected a throw or a rejection');
}

function onlySpan() {
  const spans = getFinishedSpans();
  assert.equal(spans.length, 1);
  return spans[0];
}

for (const [name, call] of Object.entries(THROWING)) {
  test(`${name}: the thrown Error is recorded and reaches the caller as the same object`, async () => {
    const error = new RangeError(`from ${name}`);
    assert.equal(await caught(() => call(original, error)), error);
    assert.equal(await caught(() => call(instrumented, error)), error);
    const span = onlySpan();
    assert.equal(span.name, name);
    assert.equal(span.error, 1);
    assert.deepEqual(span.tags, {
      'function-name': name,
      'error.type': 'RangeError',
      'error.message': `from ${name}`,
      'error.stack': error.stack,
    });
  });
}

test('an Error subclass is recorded under its own name', async () => {
  class QuotaExceeded extends Error {
    name = 'QuotaExceeded';
  }
  const error = new QuotaExceeded('too many');
  assert.equal(await caught(() => instrumented.rejects(error)), error);
  assert.equal(onlySpan().tags['error.type'], 'QuotaExceeded');
});

const NON_ERRORS = [
  ['a string', 'plain text'],
  ['a number', 42],
  ['a plain object', { code: 7 }],
  ['null', null],
  ['undefined', undefined],
  ['a symbol', Symbol('odd')],
];

for (const [label, value] of NON_ERRORS) {
  test(`a thrown non-Error (${label}) is rethrown as is and recorded with its string form as the message`, async () => {
    for (const [name, call] of Object.entries(THROWING)) {
      resetSpans();
      assert.equal(await caught(() => call(instrumented, value)), value, name);
      const span = onlySpan();
      assert.equal(span.error, 1, name);
      assert.equal(span.tags['error.message'], String(value), name);
      assert.equal('error.stack' in span.tags, false, name);
    }
  });
}

test('a thrown object that cannot become a string is still rethrown and recorded', async () => {
  const unprintable = Object.create(null);
  assert.equal(await caught(() => instrumented.throws(unprintable)), unprintable);
  const span = onlySpan();
  assert.equal(span.error, 1);
  assert.equal(span.tags['error.message'], '[object Object]');
});

test('a thrown Error whose name, message and stack getters throw is rethrown and still marks the span', async () => {
  const hostile = new Error('hidden');
  // `stack` first: redefining it after `name` would format the stack, which reads `name`.
  for (const key of ['stack', 'name', 'message']) {
    Object.defineProperty(hostile, key, {
      get() {
        throw new Error(`no ${key}`);
      },
    });
  }
  assert.equal(await caught(() => instrumented.throws(hostile)), hostile);
  assert.equal(onlySpan().error, 1);
});

test('a thrown revoked proxy is rethrown and recorded', async () => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  // Not through `caught`: an async function cannot resolve to a revoked proxy (reading `then` throws).
  assert.throws(
    () => instrumented.throws(proxy),
    (thrown) => thrown === proxy,
  );
  assert.equal(onlySpan().error, 1);
});

test('a returned Error is recorded and returned unchanged, sync and as an async result', async () => {
  const returned = new TypeError('returned, not thrown');
  assert.equal(original.returns(returned), returned);
  assert.equal(instrumented.returns(returned), returned);
  assert.equal(await instrumented.resolvesTo(returned), returned);
  assert.equal(await instrumented.resolvesThroughPromise(returned), returned);
  const spans = getFinishedSpans();
  assert.deepEqual(
    spans.map((span) => [span.name, span.error, span.tags['error.type'], span.tags['error.message']]),
    [
      ['returns', 1, 'TypeError', 'returned, not thrown'],
      ['resolvesTo', 1, 'TypeError', 'returned, not thrown'],
      ['resolvesThroughPromise', 1, 'TypeError', 'returned, not thrown'],
    ],
  );
});

test('ordinary return values and errors caught inside the function leave the span without an error', async () => {
  assert.equal(instrumented.returns({ message: 'looks like an error' }).message, 'looks like an error');
  assert.equal(await instrumented.resolvesTo('fine'), 'fine');
  assert.equal(instrumented.swallows(new Error('handled')), 'swallowed');
  for (const span of getFinishedSpans()) {
    assert.equal(span.error, 0, span.name);
    assert.equal('error.message' in span.tags, false, span.name);
  }
  assert.equal(getFinishedSpans().length, 3);
});

test('a return replaced by a throw in `finally` records the throw, and a return replaced by another return records the last one', async () => {
  const replaced = `
  //dd:span
  function throwAfterReturn(error) { try { return 'value'; } finally { throw error; } }
  //dd:span
  function errorReturnReplaced() { try { return new Error('not returned'); } finally { return 'replacement'; } }
  //dd:span
  async function asyncThrowAfterReturn(error) { try { return new Promise(() => {}); } finally { throw error; } }
  //dd:span
  async function asyncErrorReturnReplaced() { try { return new Error('not returned'); } finally { return 'replacement'; } }
  module.exports = { throwAfterReturn, errorReturnReplaced, asyncThrowAfterReturn, asyncErrorReturnReplaced };
  `;
  const error = new Error('from finally');
  for (const m of [runOriginal(replaced), runInstrumented(replaced)]) {
    assert.equal(await caught(() => m.throwAfterReturn(error)), error);
    assert.equal(m.errorReturnReplaced(), 'replacement');
    assert.equal(await caught(() => m.asyncThrowAfterReturn(error)), error);
    assert.equal(await m.asyncErrorReturnReplaced(), 'replacement');
  }
  assert.deepEqual(
    getFinishedSpans().map((span) => [span.name, span.error, span.tags['error.message']]),
    [
      ['throwAfterReturn', 1, 'from finally'],
      ['errorReturnReplaced', 0, undefined],
      ['asyncThrowAfterReturn', 1, 'from finally'],
      ['asyncErrorReturnReplaced', 0, undefined],
    ],
  );
});
