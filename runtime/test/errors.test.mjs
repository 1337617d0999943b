// Whatever a user's code throws, rejects or returns, recording it must neither throw nor change it.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import vm from 'node:vm';
import { getFinishedSpans, resetSpans } from 'dd-span-runtime/testing';
import { describeError, isError } from 'dd-span-runtime';
import { tracedAsync, tracedAsyncReturning, tracedSync } from './support/hand-compiled.mjs';

beforeEach(resetSpans);

function throwingGetter(target, key) {
  Object.defineProperty(target, key, {
    get() {
      throw new Error(`${key} getter`);
    },
  });
  return target;
}

function revokedProxy(target) {
  const { proxy, revoke } = Proxy.revocable(target, {});
  revoke();
  return proxy;
}

const alwaysThrows = () => {
  throw new Error('trap');
};
const hostileProxy = new Proxy(new Error('behind a proxy'), { get: alwaysThrows, getPrototypeOf: alwaysThrows });

const circular = { label: 'loop' };
circular.self = circular;

// Each value is described without throwing, as the expected fields say.
const cases = [
  {
    what: 'an error whose name, message and stack getters throw',
    // The stack getter goes first: V8 builds a lazy stack from the message when `stack` is redefined.
    value: throwingGetter(throwingGetter(throwingGetter(new Error('hidden'), 'stack'), 'message'), 'name'),
    expected: { type: 'Error', message: '', stack: undefined },
  },
  {
    what: 'a frozen error',
    value: Object.freeze(new TypeError('cold')),
    expected: { type: 'TypeError', message: 'cold' },
  },
  { what: 'a revoked proxy', value: revokedProxy(new Error('gone')), expected: { type: 'object', message: '[unprintable]', stack: undefined } },
  { what: 'a proxy whose every trap throws', value: hostileProxy, expected: { type: 'object', message: '[unprintable]', stack: undefined } },
  { what: 'a circular object', value: circular, expected: { type: 'object', message: '[object Object]', stack: undefined } },
  {
    what: 'an object whose toString throws',
    value: { toString: alwaysThrows },
    expected: { type: 'object', message: '[object Object]', stack: undefined },
  },
  {
    what: 'an object whose Symbol.toPrimitive throws',
    value: { [Symbol.toPrimitive]: alwaysThrows },
    expected: { type: 'object', message: '[object Object]', stack: undefined },
  },
  { what: 'a symbol', value: Symbol('thrown'), expected: { type: 'symbol', message: 'Symbol(thrown)', stack: undefined } },
  { what: 'null', value: null, expected: { type: 'null', message: 'null', stack: undefined } },
  { what: 'undefined', value: undefined, expected: { type: 'undefined', message: 'undefined', stack: undefined } },
  { what: 'a string', value: 'plain text', expected: { type: 'string', message: 'plain text', stack: undefined } },
  {
    what: 'an error from another realm',
    value: vm.runInNewContext('new TypeError("x")'),
    expected: { type: 'TypeError', message: 'x' },
  },
  {
    what: 'an error whose name is not a string',
    value: Object.assign(new Error('odd'), { name: 42 }),
    expected: { type: '42', message: 'odd' },
  },
  {
    what: 'an error with a cause that points back at it',
    value: (() => {
      const error = new Error('self-caused');
      error.cause = error;
      return error;
    })(),
    expected: { type: 'Error', message: 'self-caused' },
  },
];

for (const { what, value, expected } of cases) {
  test(`describeError describes ${what} without throwing`, () => {
    const described = describeError(value);
    assert.deepEqual({ type: described.type, message: described.message }, { type: expected.type, message: expected.message });
    if ('stack' in expected) assert.equal(described.stack, expected.stack);
    else assert.ok(described.stack.includes(expected.message), described.stack);
  });
}

test('errors from another realm are recognised as errors, look-alike objects are not', () => {
  assert.equal(isError(vm.runInNewContext('new RangeError("elsewhere")')), true);
  assert.equal(isError(new (class Custom extends Error {})('mine')), true);
  assert.equal(isError({ name: 'Error', message: 'look-alike', stack: 'at nowhere' }), false);
  assert.equal(isError(revokedProxy(new Error('gone'))), false);
  assert.equal(isError(hostileProxy), false);
});

for (const { what, value } of cases) {
  test(`${what}, thrown from an instrumented function, is rethrown as the same value and recorded`, () => {
    const raise = tracedSync('raise', () => {
      throw value;
    });
    assert.throws(raise, (error) => Object.is(error, value));
    const [span] = getFinishedSpans();
    assert.equal(span.error, 1);
    assert.equal(typeof span.tags['error.type'], 'string');
    assert.equal(typeof span.tags['error.message'], 'string');
  });
}

// How a promise settled, without handing the settled value to `await` or to assert.rejects: both
// read properties of it (`then`, for one), which a revoked proxy refuses.
async function outcomeOf(promise) {
  const [outcome] = await Promise.allSettled([promise]);
  return outcome;
}

for (const { what, value } of cases) {
  test(`${what}, rejected from an instrumented async function, rejects with the same value`, async () => {
    const raise = tracedAsync('reject', async () => {
      throw value;
    });
    const outcome = await outcomeOf(raise());
    assert.equal(outcome.status, 'rejected');
    assert.ok(Object.is(outcome.reason, value));
    assert.equal(getFinishedSpans()[0].error, 1);
  });
}

test('a revoked proxy returned from an instrumented sync function comes back as the same value', () => {
  const proxy = revokedProxy(new Error('gone'));
  assert.equal(tracedSync('give', () => proxy)(), proxy);
  assert.equal(getFinishedSpans()[0].error, 0);
});

// Resolving an async function's promise with a proxy reads its `then`: untraced, that rejects with
// the engine's TypeError, or with what the trap throws. Traced, it must be exactly the same.
for (const [what, value] of [
  ['a revoked proxy', revokedProxy(new Error('gone'))],
  ['a proxy whose traps throw', hostileProxy],
]) {
  test(`${what} returned from an instrumented async function settles as it does untraced`, async () => {
    const untraced = await outcomeOf((async () => value)());
    const traced = await outcomeOf(tracedAsyncReturning('give', () => value)());
    assert.equal(traced.status, untraced.status);
    assert.equal(traced.reason.constructor, untraced.reason.constructor);
    assert.equal(traced.reason.message, untraced.reason.message);
    // The span records the rejection the caller sees.
    const [span] = getFinishedSpans();
    assert.equal(span.error, 1);
    assert.equal(span.tags['error.message'], untraced.reason.message);
  });
}

test('a proxy whose traps throw, returned from an instrumented sync function, comes back as the same value', () => {
  assert.equal(tracedSync('give', () => hostileProxy)(), hostileProxy);
});

test('an error from another realm returned from an instrumented function is recorded', () => {
  const foreign = vm.runInNewContext('new SyntaxError("over there")');
  assert.equal(tracedSync('foreign', () => foreign)(), foreign);
  const [span] = getFinishedSpans();
  assert.equal(span.error, 1);
  assert.equal(span.tags['error.type'], 'SyntaxError');
  assert.equal(span.tags['error.message'], 'over there');
});
