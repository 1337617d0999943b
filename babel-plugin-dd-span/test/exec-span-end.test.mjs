// Issue 2 §3, span end: a sync call's span ends on return or throw, an async call's when its promise
// settles, a generator's on completion, throw or return(), starting at the first next(). The
// logging recorder writes `start <name>` / `finish <name>` into the same log as the test's own events.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { getFinishedSpans, resetSpans } from 'dd-span-runtime/testing';
import { loggingRecorder, runInstrumented, runOriginal, withTracer } from './support/exec.mjs';

beforeEach(() => resetSpans());

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

function deferred() {
  let resolve;
  let reject;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

async function logged(body) {
  const log = [];
  await withTracer(loggingRecorder(log), () => body(log));
  return log;
}

const source = `
//dd:span
function sync(fail) { if (fail) throw new Error('sync failure'); return 'sync value'; }
//dd:span
async function awaits(promise) { return await promise; }
//dd:span
async function passes(promise) { return promise; }
//dd:span
async function passesAfterAwait(promise) { await null; return promise; }
//dd:span
function* generator() { yield 1; yield 2; }
//dd:span
async function* asyncGenerator() { yield 1; await null; yield 2; }
module.exports = { sync, awaits, passes, passesAfterAwait, generator, asyncGenerator };
`;
const instrumented = runInstrumented(source);

test('a sync span has ended when the call returns or throws', async () => {
  const log = await logged((events) => {
    instrumented.sync(false);
    events.push('returned');
    assert.throws(() => instrumented.sync(true), /sync failure/);
    events.push('threw');
  });
  assert.deepEqual(log, ['start sync', 'finish sync', 'returned', 'start sync', 'finish sync', 'threw']);
});

for (const name of ['awaits', 'passes', 'passesAfterAwait']) {
  test(`${name}: the span ends when the returned promise settles, not before, and before the caller resumes`, async () => {
    const later = deferred();
    let resolvedAt;
    const log = await logged(async (events) => {
      const result = instrumented[name](later.promise);
      for (let turn = 0; turn < 3; turn++) await nextTurn();
      events.push('resolving');
      resolvedAt = performance.timeOrigin + performance.now();
      later.resolve('late value');
      assert.equal(await result, 'late value');
      events.push('caller resumed');
    });
    assert.deepEqual(log, [`start ${name}`, 'resolving', `finish ${name}`, 'caller resumed']);
    const [span] = getFinishedSpans();
    assert.ok(span.start + span.duration >= resolvedAt, 'the span ended before the promise it returned settled');
    assert.equal(span.error, 0);
  });

  test(`${name}: a later rejection ends the span with the error`, async () => {
    const later = deferred();
    const failure = new Error('late failure');
    const log = await logged(async (events) => {
      const result = instrumented[name](later.promise);
      await nextTurn();
      events.push('rejecting');
      later.reject(failure);
      await assert.rejects(result, (error) => error === failure);
    });
    assert.deepEqual(log, [`start ${name}`, 'rejecting', `finish ${name}`]);
    assert.equal(getFinishedSpans()[0].tags['error.message'], 'late failure');
  });
}

test('a thenable returned by an async function is followed: its `then` runs once, when the engine would run it', async () => {
  const thenableSource = `
  // A lazy query builder: \`then\` runs the query, so calling it twice would run it twice.
  function query(log, result) {
    return { then(resolve) { log.push('query runs'); setImmediate(() => resolve(result)); } };
  }
  //dd:span
  async function find(log, id) { log.push('find starts'); return query(log, { id }); }
  module.exports.observe = async (log) => {
    const pending = find(log, 7);
    log.push('caller continues');
    const value = await pending;
    log.push('resolved with ' + value.id);
  };
  `;
  const originalLog = [];
  await runOriginal(thenableSource).observe(originalLog);
  assert.deepEqual(originalLog, ['find starts', 'caller continues', 'query runs', 'resolved with 7']);
  const log = await logged((events) => runInstrumented(thenableSource).observe(events));
  assert.deepEqual(log, ['start find', 'find starts', 'caller continues', 'query runs', 'finish find', 'resolved with 7']);
});

test('a generator span starts at the first next() and ends when the generator completes', async () => {
  const log = await logged((events) => {
    const iterator = instrumented.generator();
    events.push('created');
    iterator.next();
    events.push('first value');
    iterator.next();
    events.push('second value');
    iterator.next();
    events.push('done');
  });
  assert.deepEqual(log, ['created', 'start generator', 'first value', 'second value', 'finish generator', 'done']);
});

test('a generator that is never iterated makes no span', async () => {
  const log = await logged(() => {
    instrumented.generator();
    instrumented.asyncGenerator();
  });
  assert.deepEqual(log, []);
});

test('a generator span ends on an early break out of for…of (return()) and on throw()', async () => {
  const log = await logged((events) => {
    for (const value of instrumented.generator()) {
      events.push(`got ${value}`);
      break;
    }
    events.push('after loop');
    const iterator = instrumented.generator();
    iterator.next();
    assert.throws(() => iterator.throw(new Error('stop')), /stop/);
    events.push('after throw');
  });
  assert.deepEqual(log, ['start generator', 'got 1', 'finish generator', 'after loop', 'start generator', 'finish generator', 'after throw']);
  assert.deepEqual(
    getFinishedSpans().map((span) => span.error),
    [0, 1],
  );
});

test('an async generator span starts at the first next() and ends on completion, break and throw()', async () => {
  const log = await logged(async (events) => {
    const iterator = instrumented.asyncGenerator();
    events.push('created');
    for await (const value of iterator) events.push(`got ${value}`);
    events.push('completed');
    for await (const value of instrumented.asyncGenerator()) {
      events.push(`got ${value}`);
      break;
    }
    events.push('after break');
    const thrown = instrumented.asyncGenerator();
    await thrown.next();
    await assert.rejects(thrown.throw(new Error('stop')), /stop/);
    events.push('after throw');
  });
  assert.deepEqual(log, [
    'created', 'start asyncGenerator', 'got 1', 'got 2', 'finish asyncGenerator', 'completed',
    'start asyncGenerator', 'got 1', 'finish asyncGenerator', 'after break',
    'start asyncGenerator', 'finish asyncGenerator', 'after throw',
  ]);
});
