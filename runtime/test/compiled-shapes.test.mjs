// Code compiled by an earlier version of babel-plugin-dd-span (a babel-loader cache, a published
// package) records a throw with `fail` in its `catch` and then calls `end(frame)`; today's `catch`
// only boxes the thrown value and its `finally` calls `end(frame, thrown)`. Both shapes are written
// out here by hand, around the same bodies, and must run the same against this runtime: same
// outcome, same spans, same context afterwards.
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { getFinishedSpans, resetSpans } from 'dd-span-runtime/testing';
import { activeContext, instrumentation as rt } from 'dd-span-runtime';

beforeEach(resetSpans);

const SHAPES = {
  'earlier plugin versions: `fail` in the catch, then `end(frame)`': (body) =>
    `var frame = rt.start(site); try { ${body} } catch (error) { rt.fail(frame, error); throw error; } finally { rt.end(frame); }`,
  'this plugin version: the catch boxes the value for `end(frame, thrown)`': (body) =>
    `var frame = rt.start(site), thrown; try { ${body} } catch (error) { thrown = [error]; throw error; } finally { rt.end(frame, thrown); }`,
};

const HEADERS = { sync: 'function', async: 'async function', generator: 'function*' };

function build(shape, kind, name, body) {
  const source = `return ${HEADERS[kind]} ${name}(arg) { ${SHAPES[shape](body)} };`;
  return new Function('rt', 'site', source)(rt, rt.site(name));
}

async function outcome(run) {
  try {
    return { value: await run() };
  } catch (error) {
    return { thrown: error };
  }
}

const ticks = async (count) => {
  for (let i = 0; i < count; i++) await new Promise((resolve) => setImmediate(resolve));
};

// What a test can compare of the spans: each one's name, error fields, and parent's name.
function describeSpans() {
  const spans = getFinishedSpans();
  const names = new Map(spans.map((span) => [span.spanId, span.name]));
  return spans.map((span) => ({
    name: span.name,
    error: span.error === 1 ? `${span.tags['error.type']}: ${span.tags['error.message']}` : null,
    parent: span.parentId === null ? null : (names.get(span.parentId) ?? 'outer'),
  }));
}

const returnedError = new Error('returned');
const thrownError = new TypeError('thrown');

const CASES = [
  {
    what: 'a return',
    kind: 'sync',
    body: 'return rt.ret(frame, arg + 1);',
    run: (traced) => traced(1),
    expected: { outcome: { value: 2 }, spans: [{ name: 'traced', error: null, parent: 'outer' }] },
  },
  {
    what: 'a returned Error',
    kind: 'sync',
    body: 'return rt.ret(frame, arg);',
    run: (traced) => traced(returnedError),
    expected: { outcome: { value: returnedError }, spans: [{ name: 'traced', error: 'Error: returned', parent: 'outer' }] },
  },
  {
    what: 'a throw',
    kind: 'sync',
    body: 'throw arg;',
    run: (traced) => traced(thrownError),
    expected: { outcome: { thrown: thrownError }, spans: [{ name: 'traced', error: 'TypeError: thrown', parent: 'outer' }] },
  },
  {
    what: '`throw undefined`',
    kind: 'sync',
    body: 'throw undefined;',
    run: (traced) => traced(),
    expected: { outcome: { thrown: undefined }, spans: [{ name: 'traced', error: 'undefined: undefined', parent: 'outer' }] },
  },
  {
    what: 'a throw from a `finally` after a returned Error, which it replaces',
    kind: 'sync',
    body: 'try { return rt.ret(frame, arg); } finally { throw new RangeError("after the return"); }',
    run: (traced) => traced(returnedError),
    expected: { outcome: { thrown: RangeError }, spans: [{ name: 'traced', error: 'RangeError: after the return', parent: 'outer' }] },
  },
  {
    what: 'a throw the body catches itself',
    kind: 'sync',
    body: 'try { throw arg; } catch (caught) { return rt.ret(frame, "recovered"); }',
    run: (traced) => traced(thrownError),
    expected: { outcome: { value: 'recovered' }, spans: [{ name: 'traced', error: null, parent: 'outer' }] },
  },
  {
    what: 'a nested traced call that throws through its caller',
    kind: 'sync',
    inner: 'throw new SyntaxError("inner");',
    body: 'return rt.ret(frame, arg());',
    run: (traced, inner) => traced(inner),
    expected: {
      outcome: { thrown: SyntaxError },
      spans: [
        { name: 'inner', error: 'SyntaxError: inner', parent: 'traced' },
        { name: 'traced', error: 'SyntaxError: inner', parent: 'outer' },
      ],
    },
  },
  {
    what: 'a rejected await',
    kind: 'async',
    body: 'rt.resume(frame, await rt.suspend(frame, Promise.reject(arg)));',
    run: (traced) => traced(thrownError),
    expected: { outcome: { thrown: thrownError }, spans: [{ name: 'traced', error: 'TypeError: thrown', parent: 'outer' }] },
  },
  {
    what: '`throw undefined` after an await',
    kind: 'async',
    body: 'rt.resume(frame, await rt.suspend(frame, arg)); throw undefined;',
    run: (traced) => traced(1),
    expected: { outcome: { thrown: undefined }, spans: [{ name: 'traced', error: 'undefined: undefined', parent: 'outer' }] },
  },
  {
    what: 'a returned promise that never settles, replaced by a throw: the span ends at the throw',
    kind: 'async',
    body: 'try { return rt.retAsync(frame, new Promise(() => {})); } finally { throw new RangeError("after the return"); }',
    run: (traced) => traced(),
    expected: { outcome: { thrown: RangeError }, spans: [{ name: 'traced', error: 'RangeError: after the return', parent: 'outer' }] },
  },
  {
    what: 'a returned thenable, replaced by a throw: its `then` is never called',
    kind: 'async',
    body: 'try { return rt.retAsync(frame, arg); } finally { throw new RangeError("after the return"); }',
    run: async (traced) => {
      let thenCalls = 0;
      const result = await outcome(() => traced({ then: () => thenCalls++ }));
      await ticks(2);
      assert.equal(thenCalls, 0);
      if ('value' in result) return result.value;
      throw result.thrown;
    },
    expected: { outcome: { thrown: RangeError }, spans: [{ name: 'traced', error: 'RangeError: after the return', parent: 'outer' }] },
  },
  {
    what: "a generator's `throw()` while it is suspended",
    kind: 'generator',
    body: 'rt.resume(frame, yield rt.suspend(frame, arg)); return 2;',
    run: (traced) => {
      const generator = traced(1);
      generator.next();
      return generator.throw(thrownError);
    },
    expected: { outcome: { thrown: thrownError }, spans: [{ name: 'traced', error: 'TypeError: thrown', parent: 'outer' }] },
  },
  {
    what: "a generator's `return()` while it is suspended",
    kind: 'generator',
    body: 'rt.resume(frame, yield rt.suspend(frame, arg)); return 2;',
    run: (traced) => {
      const generator = traced(1);
      generator.next();
      return generator.return(5);
    },
    expected: { outcome: { value: { value: 5, done: true } }, spans: [{ name: 'traced', error: null, parent: 'outer' }] },
  },
];

// Runs one case inside an outer span (so parents and the restored context can be seen) and returns
// what it did; the outer span is ended and left out.
async function runCase(shape, { kind, body, inner, run }) {
  const traced = build(shape, kind, 'traced', body);
  const innerTraced = inner === undefined ? undefined : build(shape, 'sync', 'inner', inner);
  const outer = rt.start(rt.site('outer'));
  const context = activeContext();
  const result = await outcome(() => run(traced, innerTraced));
  const contextAfter = activeContext();
  rt.end(outer);
  await ticks(2);
  const spans = describeSpans().filter((span) => span.name !== 'outer');
  return { result, spans, contextRestored: contextAfter === context };
}

// `thrown: SomeError` in an expectation means "an instance of it".
function assertOutcome(actual, expected) {
  if ('value' in expected) return assert.deepEqual(actual, expected);
  assert.ok('thrown' in actual, `expected a throw, got ${JSON.stringify(actual)}`);
  if (typeof expected.thrown === 'function') assert.ok(actual.thrown instanceof expected.thrown);
  else assert.equal(actual.thrown, expected.thrown);
}

for (const shape of Object.keys(SHAPES)) {
  describe(shape, () => {
    for (const testCase of CASES) {
      test(`${testCase.kind}: ${testCase.what}`, async () => {
        const { result, spans, contextRestored } = await runCase(shape, testCase);
        assertOutcome(result, testCase.expected.outcome);
        assert.deepEqual(spans, testCase.expected.spans);
        assert.ok(contextRestored, "the caller's context is active again after the call");
      });
    }
  });
}
