// Issue 2 §5 and babel-notes "Where an instrumented function resumes": a span's parent is the span
// active when it starts, at every point where an instrumented function resumes, and no span leaks
// into its caller. Every scenario runs twice: in this process, where the runtime keeps context in
// AsyncLocalStorage, and in a child process where it cannot reach AsyncLocalStorage and keeps it in
// one variable (the browser path), so that the generated suspend/resume points alone must keep it right.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { observeInstrumented, observeInstrumentedWithoutAsyncLocalStorage, traceShape as shape } from './support/exec.mjs';

// Every scenario module starts with these: traced leaves to probe the context at a given point, and
// ways to give control back to the event loop.
const prelude = `
const { activeContext } = require('dd-span-runtime');
const turn = () => new Promise((resolve) => setImmediate(resolve));
const later = (value) => new Promise((resolve) => setTimeout(() => resolve(value), 1));
const rejectLater = (error) => new Promise((_, reject) => setImmediate(() => reject(error)));
`;
const probes = (...names) => names.map((name) => `//dd:span\nfunction ${name}() {}\n`).join('');

const scenarios = {
  'a span started after await has the enclosing call as parent; nested calls form one tree': {
    source: `${probes('beforeAwait', 'afterAwait', 'afterNested')}
    //dd:span
    async function middle() { beforeAwait(); await turn(); afterAwait(); return 'middle'; }
    //dd:span
    async function outer() { await middle(); await null; afterNested(); }
    module.exports.observe = () => outer();
    `,
    shape: ['afterAwait <- middle', 'afterNested <- outer', 'beforeAwait <- middle', 'middle <- outer', 'outer <- root'],
  },

  'a traced call in the body of for await over an instrumented async generator has the loop’s function as parent': {
    source: `${probes('inBody', 'inBodyAfterAwait', 'afterLoop', 'inGenerator', 'afterBreak')}
    //dd:span
    async function* numbers() { inGenerator(); yield 1; await turn(); yield 2; }
    //dd:span
    async function consumer() {
      for await (const n of numbers()) { inBody(); await turn(); inBodyAfterAwait(); }
      afterLoop();
      for await (const n of numbers()) break;
      afterBreak();
    }
    module.exports.observe = () => consumer();
    `,
    shape: [
      'afterBreak <- consumer', 'afterLoop <- consumer', 'consumer <- root',
      'inBody <- consumer', 'inBody <- consumer', 'inBodyAfterAwait <- consumer', 'inBodyAfterAwait <- consumer',
      'inGenerator <- numbers', 'inGenerator <- numbers', 'numbers <- consumer', 'numbers <- consumer',
    ],
  },

  'a for await loop left by continue or break to an outer label resumes the enclosing span': {
    source: `${probes('atRoundStart', 'afterRounds')}
    async function* plain() { await turn(); yield 1; yield 2; }
    //dd:span
    async function rounds() {
      outer: for (const round of [1, 2]) {
        atRoundStart();
        for await (const n of plain()) { if (round === 1) continue outer; break outer; }
      }
      afterRounds();
    }
    module.exports.observe = () => rounds();
    `,
    shape: ['afterRounds <- rounds', 'atRoundStart <- rounds', 'atRoundStart <- rounds', 'rounds <- root'],
  },

  'a catch or finally reached by a rejected await has the enclosing call as parent': {
    source: `${probes('notReached', 'inCatch', 'inFinally', 'afterTry', 'inFinallyOnly', 'inCatchOfTraced')}
    //dd:span
    async function failing() { await turn(); throw new Error('traced failure'); }
    //dd:span
    async function recovers() {
      try { await rejectLater(new Error('plain failure')); notReached(); }
      catch { inCatch(); }
      finally { inFinally(); }
      afterTry();
      try { await failing(); } catch { inCatchOfTraced(); }
    }
    //dd:span
    async function passesOn() { try { await rejectLater(new Error('passed on')); } finally { inFinallyOnly(); } }
    module.exports.observe = async () => { await recovers(); await passesOn().catch(() => {}); };
    `,
    shape: [
      'afterTry <- recovers', 'failing <- recovers', 'inCatch <- recovers', 'inCatchOfTraced <- recovers',
      'inFinally <- recovers', 'inFinallyOnly <- passesOn', 'passesOn <- root', 'recovers <- root',
    ],
  },

  'yield* delegation: inside the delegated generator and after it, the delegating call is the parent': {
    source: `${probes('inInstrumented', 'inInstrumentedAfterYield', 'inPlain', 'inPlainAfterYield', 'afterInstrumented', 'afterPlain', 'betweenValues')}
    //dd:span
    function* instrumented() { inInstrumented(); yield 1; inInstrumentedAfterYield(); yield 2; }
    function* plain() { inPlain(); yield 3; inPlainAfterYield(); }
    //dd:span
    function* delegating() { yield* instrumented(); afterInstrumented(); yield* plain(); afterPlain(); }
    module.exports.observe = () => { for (const value of delegating()) betweenValues(); };
    `,
    shape: [
      'afterInstrumented <- delegating', 'afterPlain <- delegating',
      'betweenValues <- root', 'betweenValues <- root', 'betweenValues <- root',
      'delegating <- root', 'inInstrumented <- instrumented', 'inInstrumentedAfterYield <- instrumented',
      'inPlain <- delegating', 'inPlainAfterYield <- delegating', 'instrumented <- delegating',
    ],
  },

  'async yield* delegation: inside the delegated generator and after it, the delegating call is the parent': {
    source: `${probes('inInstrumented', 'inInstrumentedAfterAwait', 'inPlain', 'inPlainAfterAwait', 'afterInstrumented', 'afterPlain', 'betweenValues')}
    //dd:span
    async function* instrumented() { inInstrumented(); yield 1; await turn(); inInstrumentedAfterAwait(); yield 2; }
    async function* plain() { inPlain(); await turn(); inPlainAfterAwait(); yield 3; }
    //dd:span
    async function* delegating() { yield* instrumented(); afterInstrumented(); yield* plain(); afterPlain(); }
    module.exports.observe = async () => { for await (const value of delegating()) betweenValues(); };
    `,
    shape: [
      'afterInstrumented <- delegating', 'afterPlain <- delegating',
      'betweenValues <- root', 'betweenValues <- root', 'betweenValues <- root',
      'delegating <- root', 'inInstrumented <- instrumented', 'inInstrumentedAfterAwait <- instrumented',
      'inPlain <- delegating', 'inPlainAfterAwait <- delegating', 'instrumented <- delegating',
    ],
    // A limit of the browser path: an uninstrumented async function (here the delegated generator)
    // continues after its own `await` in whatever context is current then, since nothing re-enters it.
    shapeWithoutStorage: [
      'afterInstrumented <- delegating', 'afterPlain <- delegating',
      'betweenValues <- root', 'betweenValues <- root', 'betweenValues <- root',
      'delegating <- root', 'inInstrumented <- instrumented', 'inInstrumentedAfterAwait <- instrumented',
      'inPlain <- delegating', 'inPlainAfterAwait <- root', 'instrumented <- delegating',
    ],
  },

  'return() and throw() resuming a generator inside its try give the generator’s span as parent': {
    source: `${probes('inFinally', 'inCatch', 'afterCatch', 'inAsyncFinally', 'inAsyncCatch')}
    //dd:span
    function* guarded() { try { yield 1; } finally { inFinally(); } }
    //dd:span
    function* recovering() { try { yield 1; } catch { inCatch(); yield 2; } afterCatch(); }
    //dd:span
    async function* asyncGuarded() { try { yield 1; } finally { await turn(); inAsyncFinally(); } }
    //dd:span
    async function* asyncRecovering() { try { yield 1; } catch { inAsyncCatch(); } }
    module.exports.observe = async () => {
      const g = guarded(); g.next(); g.return();
      const r = recovering(); r.next(); r.throw(new Error('recover')); r.next();
      const ag = asyncGuarded(); await ag.next(); await ag.return();
      const ar = asyncRecovering(); await ar.next(); await ar.throw(new Error('recover'));
    };
    `,
    shape: [
      'afterCatch <- recovering', 'asyncGuarded <- root', 'asyncRecovering <- root', 'guarded <- root',
      'inAsyncCatch <- asyncRecovering', 'inAsyncFinally <- asyncGuarded', 'inCatch <- recovering', 'inFinally <- guarded',
      'recovering <- root',
    ],
  },

  'a generator’s parent is the span active at its first next(), not at its creation': {
    source: `
    //dd:span
    function* lazy() { yield 1; }
    //dd:span
    function creates() { return lazy(); }
    //dd:span
    function iterates(iterator) { iterator.next(); iterator.next(); }
    module.exports.observe = () => { iterates(creates()); };
    `,
    shape: ['creates <- root', 'iterates <- root', 'lazy <- iterates'],
  },

  'the caller gets its own context back from every call that suspends or ends': {
    source: `${probes('leaf')}
    //dd:span
    async function awaits() { await turn(); leaf(); }
    //dd:span
    function* yields() { leaf(); yield 1; leaf(); yield 2; }
    //dd:span
    async function* awaitsInside() { yield 1; await turn(); yield 2; }
    //dd:span
    async function* returnsSlowly() { yield 1; return later('slow return'); }
    //dd:span
    function throws() { throw new Error('thrown'); }
    //dd:span
    async function returnsPending() { return later('pending'); }
    //dd:span
    async function caller() {
      const checks = [];
      const mine = activeContext();
      const same = (label) => checks.push(label + ': ' + (activeContext() === mine));
      const pending = awaits(); same('after calling an async function');
      const iterator = yields(); iterator.next(); same('after next() on a generator');
      iterator.next(); same('after the second next()');
      const awaiting = awaitsInside();
      const first = awaiting.next(); same('after next() on an async generator');
      await first;
      const second = awaiting.next(); same('after a next() that awaits inside');
      const returning = returnsSlowly();
      await returning.next();
      const last = returning.next(); same('after a next() that returns a pending promise');
      try { throws(); } catch { same('after a call that throws'); }
      const returned = returnsPending(); same('after an async call that returns a promise');
      await Promise.all([pending, second, last, returned]); await awaiting.return(); same('after awaiting them all');
      return checks;
    }
    module.exports.observe = async () => {
      const before = activeContext();
      const checks = await caller();
      checks.push('caller left the context as it found it: ' + (activeContext() === before));
      return checks;
    };
    `,
    observation: [
      'after calling an async function: true', 'after next() on a generator: true', 'after the second next(): true',
      'after next() on an async generator: true', 'after a next() that awaits inside: true',
      'after a next() that returns a pending promise: true', 'after a call that throws: true',
      'after an async call that returns a promise: true', 'after awaiting them all: true',
      'caller left the context as it found it: true',
    ],
  },

  'two hundred interleaved async calls never adopt each other’s children': {
    source: `
    // A fixed pseudo-random sequence, so that a failure can be replayed.
    let seed = 42;
    const random = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    const pauses = [() => null, turn, () => later(), () => new Promise((resolve) => queueMicrotask(resolve))];
    const pause = () => pauses[random(pauses.length)]();
    //dd:span
    function syncChild() { return activeContext().spanId; }
    //dd:span
    async function asyncChild() { await pause(); return [activeContext().spanId, syncChild()]; }
    //dd:span
    async function* generatorChild() { await pause(); yield syncChild(); await pause(); yield syncChild(); }
    //dd:span
    async function request() {
      const own = activeContext().spanId;
      const children = [];
      await pause();
      children.push(syncChild());
      await pause();
      children.push(...(await asyncChild()));
      for await (const id of generatorChild()) { children.push(id, syncChild()); await pause(); }
      children.push(syncChild());
      return { own, children };
    }
    module.exports.observe = async () => {
      const calls = [];
      for (let i = 0; i < 200; i++) { calls.push(request()); if (random(3) === 0) await pause(); }
      return Promise.all(calls);
    };
    `,
  },
};

function checkScenario(name, { observation, spans, leaked }, { withStorage }) {
  const scenario = scenarios[name];
  assert.equal(leaked, false, 'a span stayed active after the scenario');
  const expectedShape = withStorage ? scenario.shape : (scenario.shapeWithoutStorage ?? scenario.shape);
  if (expectedShape) assert.deepEqual(shape(spans), expectedShape);
  if (scenario.observation) assert.deepEqual(observation, scenario.observation);
  if (name.startsWith('two hundred')) checkConcurrentRequests(observation, spans);
}

// Every id a request saw in its children must be a span whose parent chain reaches that request's
// span without crossing another request.
function checkConcurrentRequests(requests, spans) {
  const byId = new Map(spans.map((span) => [span.spanId, span]));
  assert.equal(requests.length, 200);
  assert.equal(new Set(requests.map((r) => r.own)).size, 200);
  for (const { own, children } of requests) {
    assert.equal(byId.get(own).parentId, null);
    assert.equal(children.length, 8);
    for (const id of children) {
      let span = byId.get(id);
      while (span.name !== 'request') span = byId.get(span.parentId);
      assert.equal(span.spanId, own, `a child of one request was adopted by another`);
    }
  }
}

for (const name of Object.keys(scenarios)) {
  test(`with AsyncLocalStorage: ${name}`, async () => {
    checkScenario(name, await observeInstrumented(prelude + scenarios[name].source), { withStorage: true });
  });
}

const fallbackProof = {
  // Only AsyncLocalStorage carries a context into a timer callback the compiler never saw. That this
  // span has no parent in the child proves its runtime really runs on the single-variable store.
  source: `${probes('inTimer')}
  //dd:span
  async function schedules() { await new Promise((resolve) => setTimeout(() => { inTimer(); resolve(); }, 0)); }
  module.exports.observe = () => schedules();
  `,
  withStorage: ['inTimer <- schedules', 'schedules <- root'],
  withoutStorage: ['inTimer <- root', 'schedules <- root'],
};

test('with AsyncLocalStorage: a timer callback inherits the span that scheduled it', async () => {
  const { spans } = await observeInstrumented(prelude + fallbackProof.source);
  assert.deepEqual(shape(spans), fallbackProof.withStorage);
});

test('without AsyncLocalStorage (browser path): every scenario keeps the same parents', async (t) => {
  const sources = Object.fromEntries(Object.entries(scenarios).map(([name, { source }]) => [name, prelude + source]));
  sources['fallback proof'] = prelude + fallbackProof.source;
  const { getBuiltinModule, results } = observeInstrumentedWithoutAsyncLocalStorage(sources);
  assert.equal(getBuiltinModule, 'undefined');
  assert.deepEqual(shape(results['fallback proof'].spans), fallbackProof.withoutStorage);
  for (const name of Object.keys(scenarios)) {
    await t.test(name, () => checkScenario(name, results[name], { withStorage: false }));
  }
});
