// Callbacks an instrumented function hands to timers, promises and event targets run with its span
// as the active context. In Node, AsyncLocalStorage already gives them that context, and the binding
// must agree with it; without AsyncLocalStorage (as in browsers) the binding is what gives it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compile } from './support/babel.mjs';
import { assertSameBehaviour, observeInstrumented, observeInstrumentedWithoutAsyncLocalStorage } from './support/exec.mjs';

const ON = { integrations: { asyncContext: true } };
const OFF = { integrations: { asyncContext: false } };

const SCHEDULES = `
// A browser's requestAnimationFrame, for Node: the global, not a binding of this module.
globalThis.requestAnimationFrame = (callback) => setTimeout(() => callback(0), 0);

//dd:span
function work(label) {
  return label;
}

//dd:span
async function schedule(target, done) {
  const labels = [];
  const record = (label) => {
    work(label);
    labels.push(label);
    if (labels.length === 10) done(labels);
  };
  setTimeout(() => record('setTimeout'), 0);
  const interval = setInterval(() => {
    clearInterval(interval);
    record('setInterval');
  }, 0);
  queueMicrotask(() => record('queueMicrotask'));
  requestAnimationFrame(() => record('requestAnimationFrame'));
  setImmediate(() => record('setImmediate'));
  Promise.resolve().then(() => record('then'));
  Promise.reject(new Error('rejected')).catch(() => record('catch'));
  Promise.resolve().finally(() => record('finally'));
  target.addEventListener('ping', () => record('addEventListener'));
  await null;
  setTimeout(() => record('after an await'), 0);
}

exports.observe = () =>
  new Promise((resolve) => {
    const target = new EventTarget();
    // Dispatched from outside any span, once schedule has returned.
    schedule(target, resolve).then(() => setTimeout(() => target.dispatchEvent(new Event('ping')), 0));
  });
`;

const LABELS = ['addEventListener', 'after an await', 'catch', 'finally', 'queueMicrotask', 'requestAnimationFrame', 'setImmediate', 'setInterval', 'setTimeout', 'then'];

/**
 * For each callback, by label, whether the span it started has the `schedule` span as parent. Each
 * `work` span finishes as its callback records its label, so both come in the same order.
 */
function parents({ observation, spans, leaked }) {
  assert.deepEqual([...observation].sort(), LABELS);
  assert.equal(leaked, false, 'no span stays active once the callbacks have run');
  const schedule = spans.find((span) => span.name === 'schedule');
  const work = spans.filter((span) => span.name === 'work');
  assert.equal(work.length, LABELS.length);
  const parentOf = (span) => (span.parentId === schedule.spanId ? 'schedule' : span.parentId === null ? 'no parent' : 'another span');
  return Object.fromEntries(observation.map((label, index) => [label, parentOf(work[index])]).sort(([a], [b]) => a.localeCompare(b)));
}

const allSchedule = Object.fromEntries(LABELS.map((label) => [label, 'schedule']));

describe('callbacks scheduled inside an instrumented function', () => {
  test('in Node, have its span as parent, as AsyncLocalStorage gives it, with the binding or without', async () => {
    assert.deepEqual(parents(await observeInstrumented(SCHEDULES, { pluginOptions: ON })), allSchedule);
    // An EventTarget runs its listeners in the context of whoever dispatches the event: there the
    // binding, which gives them the context of whoever added them, is what makes the difference.
    assert.deepEqual(parents(await observeInstrumented(SCHEDULES, { pluginOptions: OFF })), { ...allSchedule, addEventListener: 'no parent' });
  });

  test('without AsyncLocalStorage, have its span as parent thanks to the binding, and none without it', () => {
    // The child compiles its source again with the plugin alone, which leaves compiled code as it is.
    const { getBuiltinModule, results } = observeInstrumentedWithoutAsyncLocalStorage({
      bound: compile(SCHEDULES, { sourceType: 'script', pluginOptions: { ...ON, moduleStyle: 'require' } }).code,
      unbound: compile(SCHEDULES, { sourceType: 'script', pluginOptions: { ...OFF, moduleStyle: 'require' } }).code,
    });
    assert.equal(getBuiltinModule, 'undefined');
    assert.deepEqual(parents(results.bound), allSchedule);
    // The premise: without the binding, every one of them finds no context at all.
    assert.deepEqual(parents(results.unbound), Object.fromEntries(LABELS.map((label) => [label, 'no parent'])));
  });
});

describe('event listeners', () => {
  test('keep their identity where it matters: removeEventListener, the same listener added twice, `this`', async () => {
    await assertSameBehaviour(
      `
      //dd:span
      function wire(target, handler, log) {
        target.addEventListener('ping', handler);
        target.addEventListener('ping', handler);
        target.addEventListener('ping', () => log.push('inline, once'), { once: true });
        target.addEventListener('ping', function () {
          log.push(this === target ? 'this is the target' : 'this is something else');
        });
        target.addEventListener('ping', function self() {
          target.removeEventListener('ping', self);
          log.push('removed itself');
        });
      }

      exports.observe = () => {
        const target = new EventTarget();
        const log = [];
        const handler = () => log.push('handler');
        wire(target, handler, log);
        target.dispatchEvent(new Event('ping'));
        target.removeEventListener('ping', handler);
        target.dispatchEvent(new Event('ping'));
        return log;
      };
      `,
      {
        pluginOptions: ON,
        expected: ['handler', 'inline, once', 'this is the target', 'removed itself', 'this is the target'],
        spans: ['wire'],
      },
    );
  });
});

describe('the bound callbacks', () => {
  test('receive their arguments and `this`, return what they return, and throw what they throw', async () => {
    await assertSameBehaviour(
      `
      //dd:span
      function chain(promise) {
        return promise.then(function (value) {
          return [value, this === undefined ? 'undefined' : this === globalThis ? 'the global object' : 'another this'];
        }).then((pair) => {
          throw new RangeError(pair.join(','));
        }).catch((error) => error.constructor.name + ': ' + error.message);
      }
      exports.observe = () => chain(Promise.resolve('value'));
      `,
      { pluginOptions: ON, expected: 'RangeError: value,the global object', spans: ['chain'] },
    );
  });
});
