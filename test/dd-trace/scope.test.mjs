// The dd-trace bridge against the real dd-trace, in this process: directive spans are dd-trace spans,
// active in dd-trace's own scope while their function runs, and reach the Agent stand-in with the
// fields dd-trace would give them. Integrations are off here (they would trace the stand-in itself);
// `tracer.trace` plays their part, as it is how they open spans. http-server.test.mjs runs the real ones.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { configure } from 'dd-span-runtime';
import { createDdTraceBridge, detectDdTrace } from 'dd-span-runtime/dd-trace';
import { runInstrumented } from '../../babel-plugin-dd-span/test/support/exec.mjs';
import { ddTraceEnv } from './support/dd-trace-env.mjs';
import { ddTracePath, ddTraceVersion, loadDdTrace } from './support/dd-trace-module.mjs';
import { startFakeAgent } from './support/fake-agent.mjs';
import { assertChildOf, holds, only, spanIdOf } from './support/spans.mjs';

const agent = await startFakeAgent();
Object.assign(process.env, ddTraceEnv(agent.url, { service: 'dd-span-scope' }));
const tracer = loadDdTrace();
const detectedBeforeInit = detectDdTrace();
tracer.init({ plugins: false });
const bridge = detectDdTrace();
configure({ tracer: bridge });

after(async () => {
  assert.deepEqual(agent.problems, [], 'every payload dd-trace sent passes the stand-in\'s checks');
  assert.deepEqual([...agent.tracerVersions], [ddTraceVersion], 'every payload came from the dd-trace under test');
  await agent.close();
});

// Compiled code reaches dd-trace the way user code does, through `require`; by path, because its
// `require` resolves names from the repository root, where the Node 24 leg's dd-trace is not.
const code = runInstrumented(`
const tracer = require(${JSON.stringify(ddTracePath)});

//dd:span kind:sync
function activeInside() { return tracer.scope().active(); }

//dd:span
async function job(id, gate) {
  const before = tracer.scope().active();
  await gate;
  tracer.scope().active().setTag('job.id', id);
  return { before, after: tracer.scope().active() };
}

//dd:span
function* steps() {
  yield tracer.scope().active();
  yield tracer.scope().active();
}

//dd:span
async function parentStep() {
  await null;
  const value = await childStep();
  tracer.trace('integration.work', () => {});
  return value;
}

//dd:span
async function childStep() {
  await null;
  return tracer.trace('integration.inner', () => 42);
}

//dd:span span.name:checkout.step resource.name:"POST /cart" service.name:cart-svc span.type:worker team:payments
function described() {}

//dd:span
function plain() {}

//dd:span team:payments
function tagsOnce(extra) {
  if (extra !== undefined) tracer.scope().active().setTag('extra', extra);
}

//dd:span
function throwsTypeError() { throw new TypeError('bad input'); }

//dd:span
async function rejects() { await null; throw new RangeError('out of range'); }

//dd:span
function throwsString() { throw 'boom'; }

//dd:span
function throwsHostile(error) { throw error; }

module.exports = { activeInside, job, steps, parentStep, described, plain, tagsOnce, throwsTypeError, rejects, throwsString, throwsHostile };
`);

function deferred() {
  let resolve;
  const promise = new Promise((done) => (resolve = done));
  return { promise, resolve };
}

test('detectDdTrace finds dd-trace only once it is initialised, and shares its scope', () => {
  assert.equal(detectedBeforeInit, null);
  assert.notEqual(bridge, null);
  assert.equal(bridge.sharesDdTraceScope, true);
});

test('a directive span is the active dd-trace span inside its function, and the caller\'s comes back after', async () => {
  let outer, inside, afterCall;
  tracer.trace('root.sync', (span) => {
    outer = span;
    inside = code.activeInside();
    afterCall = tracer.scope().active();
  });
  assert.notEqual(inside, null);
  assert.notEqual(inside, outer);
  assert.equal(afterCall, outer);

  const trace = await agent.waitForTrace(holds('root.sync'));
  const span = only(trace, 'activeInside');
  assertChildOf(span, only(trace, 'root.sync'));
  assert.equal(span.span_id, spanIdOf(inside));
});

test('concurrent async calls each keep their own span active across await, and the caller keeps its own meanwhile', async () => {
  const gateA = deferred();
  const gateB = deferred();
  const seen = await tracer.trace('root.async', async (outer) => {
    const calls = Promise.all([code.job('a', gateA.promise), code.job('b', gateB.promise)]);
    const whileSuspended = tracer.scope().active();
    gateB.resolve();
    gateA.resolve();
    const [a, b] = await calls;
    return { outer, whileSuspended, a, b, afterAwait: tracer.scope().active() };
  });
  assert.equal(seen.whileSuspended, seen.outer);
  assert.equal(seen.afterAwait, seen.outer);
  assert.equal(seen.a.after, seen.a.before);
  assert.equal(seen.b.after, seen.b.before);
  assert.notEqual(seen.a.before, seen.b.before);

  const trace = await agent.waitForTrace(holds('root.async'));
  const root = only(trace, 'root.async');
  const jobs = trace.filter((span) => span.name === 'job');
  assert.equal(jobs.length, 2);
  for (const job of jobs) {
    assertChildOf(job, root);
    const call = job.meta['job.id'] === 'a' ? seen.a : seen.b;
    assert.equal(job.span_id, spanIdOf(call.before), 'the span active after the await is the call\'s own');
  }
});

test('a generator\'s span is active while its body runs and the caller\'s between yields', async () => {
  const seen = tracer.trace('root.generator', (outer) => {
    const iterator = code.steps();
    const first = iterator.next().value;
    const between = tracer.scope().active();
    const second = iterator.next().value;
    iterator.next();
    return { outer, first, between, second };
  });
  assert.equal(seen.between, seen.outer);
  assert.equal(seen.second, seen.first);
  assert.notEqual(seen.first, seen.outer);

  const trace = await agent.waitForTrace(holds('root.generator'));
  const span = only(trace, 'steps');
  assertChildOf(span, only(trace, 'root.generator'));
  assert.equal(span.span_id, spanIdOf(seen.first));
});

test('spans dd-trace opens inside a directive span are its children, and directive spans nest under dd-trace\'s', async () => {
  assert.equal(await tracer.trace('root.nested', () => code.parentStep()), 42);

  const trace = await agent.waitForTrace(holds('root.nested'));
  const parent = only(trace, 'parentStep');
  const child = only(trace, 'childStep');
  assertChildOf(parent, only(trace, 'root.nested'));
  assertChildOf(child, parent);
  assertChildOf(only(trace, 'integration.inner'), child);
  assertChildOf(only(trace, 'integration.work'), parent);
});

test('name, resource, service, type and tags come from the directive; service, env and version otherwise from dd-trace', async () => {
  tracer.trace('root.fields', () => {
    code.described();
    code.plain();
  });

  const trace = await agent.waitForTrace(holds('root.fields'));
  const described = only(trace, 'checkout.step');
  assert.equal(described.resource, 'POST /cart');
  assert.equal(described.service, 'cart-svc');
  assert.equal(described.type, 'worker');
  assert.equal(described.error, 0);
  assert.equal(described.meta.team, 'payments');
  assert.equal(described.meta['function-name'], 'described');
  assert.equal(described.meta.env, 'test');
  for (const promoted of ['resource.name', 'service.name', 'span.type']) assert.equal(described.meta[promoted], undefined);

  const plain = only(trace, 'plain');
  assert.equal(plain.resource, 'plain');
  assert.equal(plain.service, 'dd-span-scope');
  assert.equal(plain.type, undefined);
  assert.equal(plain.meta.env, 'test');
  assert.equal(plain.meta.version, '1.2.3');
});

test("tags one call adds to its span stay off the next call's span of the same directive", async () => {
  tracer.trace('root.tags', () => {
    code.tagsOnce('first call');
    code.tagsOnce(undefined);
  });

  const trace = await agent.waitForTrace(holds('root.tags'));
  const [first, second] = trace.filter((span) => span.name === 'tagsOnce').sort((a, b) => (BigInt(a.start) < BigInt(b.start) ? -1 : 1));
  assert.equal(first.meta.extra, 'first call');
  assert.equal(second.meta.extra, undefined);
  for (const span of [first, second]) {
    assert.equal(span.meta.team, 'payments');
    assert.equal(span.meta['function-name'], 'tagsOnce');
    assert.equal(span.resource, 'tagsOnce');
  }
});

test('a throw, a rejection and a thrown non-Error set error and error.type, error.message, error.stack as dd-trace does', async () => {
  await tracer.trace('root.errors', async () => {
    assert.throws(() => code.throwsTypeError(), { name: 'TypeError', message: 'bad input' });
    await assert.rejects(code.rejects(), { name: 'RangeError', message: 'out of range' });
    assert.throws(() => code.throwsString(), (thrown) => thrown === 'boom');
  });

  const trace = await agent.waitForTrace(holds('root.errors'));
  const cases = [
    ['throwsTypeError', 'TypeError', 'bad input'],
    ['rejects', 'RangeError', 'out of range'],
  ];
  for (const [name, type, message] of cases) {
    const span = only(trace, name);
    assert.equal(span.error, 1);
    assert.equal(span.meta['error.type'], type);
    assert.equal(span.meta['error.message'], message);
    assert.match(span.meta['error.stack'], new RegExp(`^${type}: ${message}\\n\\s+at (?:\\S+\\.)?${name} `));
  }
  const thrownString = only(trace, 'throwsString');
  assert.equal(thrownString.error, 1);
  assert.equal(thrownString.meta['error.type'], 'string');
  assert.equal(thrownString.meta['error.message'], 'boom');
  assert.equal(thrownString.meta['error.stack'], undefined);
  assert.equal(only(trace, 'root.errors').error, 0);
});

test('an error whose name, message and stack getters throw is rethrown as it is and still reaches the Agent', async () => {
  const hostile = new Error('hidden');
  // `stack` first: V8 formats a pending stack on redefinition, which would read the hostile `name`.
  for (const key of ['stack', 'name', 'message']) {
    Object.defineProperty(hostile, key, {
      get() {
        throw new Error(`${key} getter`);
      },
    });
  }
  tracer.trace('root.hostile', () => {
    assert.throws(() => code.throwsHostile(hostile), (thrown) => thrown === hostile);
  });

  const span = only(await agent.waitForTrace(holds('root.hostile')), 'throwsHostile');
  assert.equal(span.error, 1);
  assert.equal(span.meta['error.type'], 'Error');
});

test('without dd-trace\'s scope storage, directive spans still nest under dd-trace\'s active span, and its own spans attach there', async () => {
  // As when dd-trace is bundled: `activate` works through callbacks only, and the storage is not found.
  const scopeless = {
    startSpan: (name, options) => tracer.startSpan(name, options),
    scope: () => ({ active: () => tracer.scope().active(), activate: (_span, fn) => fn() }),
  };
  const fallback = createDdTraceBridge(scopeless);
  assert.equal(fallback.sharesDdTraceScope, false);
  configure({ tracer: fallback });
  try {
    assert.equal(await tracer.trace('root.fallback', () => code.parentStep()), 42);
  } finally {
    configure({ tracer: bridge });
  }

  const trace = await agent.waitForTrace(holds('root.fallback'));
  const root = only(trace, 'root.fallback');
  const parent = only(trace, 'parentStep');
  assertChildOf(parent, root);
  assertChildOf(only(trace, 'childStep'), parent);
  assertChildOf(only(trace, 'integration.work'), root);
});
