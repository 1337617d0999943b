// The dd-trace bridge never becomes a way for the application to fail: whatever part of dd-trace
// throws, annotated functions return, throw and reject exactly as they do uncompiled. The tracers
// here are stand-ins for a broken dd-trace (this process never loads the real one).
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { configure } from 'dd-span-runtime';
import { createDdTraceBridge, detectDdTrace } from 'dd-span-runtime/dd-trace';
import { runInstrumented, runOriginal } from '../../babel-plugin-dd-span/test/support/exec.mjs';

const unhandled = [];
const onUnhandled = (reason) => unhandled.push(reason);
process.on('unhandledRejection', onUnhandled);
after(() => process.off('unhandledRejection', onUnhandled));

const source = `
//dd:span
function add(a, b) { return a + b; }
//dd:span
function fail(message) { throw new TypeError(message); }
//dd:span
async function later(value) { await null; return value * 2; }
//dd:span
async function rejectLater(message) { await null; throw new RangeError(message); }
//dd:span
function* count(n) { for (let i = 0; i < n; i++) yield i; }
module.exports = { add, fail, later, rejectLater, count };
`;
const original = runOriginal(source);
const instrumented = runInstrumented(source);

async function outcome(run) {
  try {
    return { value: await run() };
  } catch (error) {
    return { threw: error.constructor.name, message: error.message };
  }
}

async function assertBehavesAsUncompiled() {
  const calls = [
    (m) => m.add(2, 3),
    (m) => m.fail('bad'),
    (m) => m.later(21),
    (m) => m.rejectLater('late'),
    (m) => [...m.count(3)],
  ];
  for (const call of calls) {
    assert.deepEqual(await outcome(() => call(instrumented)), await outcome(() => call(original)), call.toString());
  }
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(unhandled, []);
}

const fail = (what) => () => {
  throw new Error(`dd-trace failed in ${what}`);
};

function ddSpan(overrides = {}) {
  return { addTags() {}, finish() {}, ...overrides };
}

function ddTracer(overrides = {}) {
  const scope = { active: () => null, activate: (_span, fn) => fn() };
  return { startSpan: () => ddSpan(), scope: () => scope, ...overrides };
}

const brokenTracers = {
  "dd-trace's startSpan throws": ddTracer({ startSpan: fail('startSpan') }),
  "dd-trace's scope() throws": ddTracer({ scope: fail('scope') }),
  "dd-trace's scope().active() and activate() throw": ddTracer({ scope: () => ({ active: fail('active'), activate: fail('activate') }) }),
  "a dd-trace span's addTags and finish throw": ddTracer({ startSpan: () => ddSpan({ addTags: fail('addTags'), finish: fail('finish') }) }),
  "dd-trace's startSpan returns nothing": ddTracer({ startSpan: () => undefined }),
};

for (const [what, tracer] of Object.entries(brokenTracers)) {
  test(`annotated functions behave as uncompiled when ${what}`, async () => {
    configure({ tracer: createDdTraceBridge(tracer) });
    await assertBehavesAsUncompiled();
  });
}

test('a span whose error tags cannot be set is still finished: dd-trace sends a trace only once all its spans have', () => {
  const calls = [];
  const span = ddSpan({
    addTags: () => {
      calls.push('addTags');
      throw new Error('addTags failed');
    },
    finish: () => calls.push('finish'),
  });
  configure({ tracer: createDdTraceBridge(ddTracer({ startSpan: () => span })) });
  assert.throws(() => instrumented.fail('bad'), TypeError);
  assert.deepEqual(calls, ['addTags', 'finish']);
});

test('without dd-trace in the process, detectDdTrace returns null and createDdTraceBridge says what to do', () => {
  assert.equal(detectDdTrace(), null);
  assert.throws(() => createDdTraceBridge(), { name: 'TypeError', message: /-r dd-trace\/init/ });
  assert.throws(() => createDdTraceBridge({ startSpan() {} }), TypeError);
});

test('with DD_TRACE_DEBUG on, the bridge says why it was not chosen and when it cannot share dd-trace\'s scope', (t) => {
  const printed = t.mock.method(console, 'error', () => {});
  configure({ debug: true });
  try {
    assert.equal(detectDdTrace(), null);
    assert.equal(createDdTraceBridge(ddTracer()).sharesDdTraceScope, false);
  } finally {
    configure({ debug: false });
  }
  const messages = printed.mock.calls.map((call) => String(call.arguments[0]));
  assert.match(messages[0], /dd-trace bridge was not chosen: dd-trace is not loaded/);
  assert.match(messages[1], /scope storage was not found/);
});
