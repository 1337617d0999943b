// Parent links between directive spans and OpenTelemetry's own spans, in every direction, written
// once and run against each kind of context manager (see context-managers.test.mjs and
// browser-like.test.mjs). The application code is compiled with the dd-span plugin.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { trace } from '@opentelemetry/api';
import { runInstrumented } from '../../../babel-plugin-dd-span/test/support/exec.mjs';
import { assertTree, treesByTrace } from './spans.mjs';

const appSource = `
const { trace } = require('@opentelemetry/api');
const tracer = trace.getTracer('app');
const activeName = () => trace.getActiveSpan()?.name;
async function ticks(count) {
  for (let i = 0; i < count; i++) await new Promise((resolve) => setImmediate(resolve));
}

//dd:span
function leaf() {
  return activeName();
}

//dd:span
function startsOtelSpan(name) {
  return tracer.startActiveSpan(name, (span) => {
    try {
      return leaf();
    } finally {
      span.end();
    }
  });
}

//dd:span
async function awaitsThenStarts(name, rounds) {
  await ticks(rounds);
  const seenInOtel = tracer.startActiveSpan(name, (span) => {
    span.end();
    return activeName();
  });
  await ticks(rounds);
  leaf();
  return [seenInOtel, activeName()];
}

//dd:span
async function awaitsInsideOtelSpan(name) {
  await ticks(1);
  return tracer.startActiveSpan(name, async (span) => {
    await ticks(1);
    try {
      return leaf();
    } finally {
      span.end();
    }
  });
}

//dd:span
async function outerWork(i) {
  await ticks(i % 3);
  await innerWork(i);
  leaf();
}

//dd:span
async function innerWork(i) {
  await ticks((i * 5) % 4);
  leaf();
}

//dd:span
function* countdown(n) {
  for (; n > 0; n--) yield activeName();
}

module.exports = { leaf, startsOtelSpan, awaitsThenStarts, awaitsInsideOtelSpan, outerWork, countdown };
`;

const app = runInstrumented(appSource, { filename: 'otel-app.js' });
const tracer = trace.getTracer('test');
const range = (count) => Array.from({ length: count }, (_, i) => i);
const CONCURRENT_CALLS = 40;

/**
 * Registers the parenting tests for one context manager. `sharing` says what the manager allows:
 * `otelSeesDirectives` (OpenTelemetry's active context follows directive spans), `asyncCallbacks`
 * (a `startActiveSpan` callback keeps its span across `await`), `activeSpans` (a manager is registered).
 */
export function parentingTests(exporter, { otelSeesDirectives, asyncCallbacks, activeSpans }) {
  const cases = [];
  const when = (condition, name, body) => {
    if (condition) cases.push([name, body]);
  };

  when(activeSpans, 'an annotated function called inside startActiveSpan is its child', () => {
    tracer.startActiveSpan('outer', (span) => {
      app.leaf();
      span.end();
    });
    assertTree(exporter, ['outer', '  leaf']);
  });

  when(otelSeesDirectives, 'spans started with startActiveSpan inside an annotated function are its children', () => {
    assert.equal(app.startsOtelSpan('otel'), 'leaf');
    assertTree(exporter, ['startsOtelSpan', '  otel', '    leaf']);
  });

  when(otelSeesDirectives, "OpenTelemetry's active span is the directive span inside, and the caller's again after", () => {
    const seen = tracer.startActiveSpan('outer', (span) => {
      const inside = app.leaf();
      const after = trace.getActiveSpan()?.name;
      span.end();
      return { inside, after };
    });
    assert.deepEqual(seen, { inside: 'leaf', after: 'outer' });
  });

  when(otelSeesDirectives, 'after awaits in an annotated function, spans OpenTelemetry starts are still its children', async () => {
    assert.deepEqual(await app.awaitsThenStarts('after-await', 2), ['after-await', 'awaitsThenStarts']);
    assertTree(exporter, ['awaitsThenStarts', '  after-await', '  leaf']);
  });

  when(asyncCallbacks, 'an annotated function called after an await in an async startActiveSpan callback is its child', async () => {
    await tracer.startActiveSpan('outer', async (span) => {
      await new Promise((resolve) => setImmediate(resolve));
      await app.outerWork(1);
      span.end();
    });
    assertTree(exporter, ['outer', '  outerWork', '    innerWork', '      leaf', '    leaf']);
  });

  when(otelSeesDirectives && asyncCallbacks, 'an async startActiveSpan callback inside an annotated function keeps both links across awaits', async () => {
    assert.equal(await app.awaitsInsideOtelSpan('otel'), 'leaf');
    assertTree(exporter, ['awaitsInsideOtelSpan', '  otel', '    leaf']);
  });

  when(otelSeesDirectives, "while an annotated async function awaits, its caller has its own active span back", async () => {
    await tracer.startActiveSpan('caller', async (span) => {
      const pending = app.awaitsThenStarts('inner', 1);
      assert.equal(trace.getActiveSpan()?.name, 'caller');
      await pending;
      span.end();
    });
    assertTree(exporter, ['caller', '  awaitsThenStarts', '    inner', '    leaf']);
  });

  when(otelSeesDirectives, 'many interleaved calls each get their own parents, in both directions', async () => {
    const results = await Promise.all(
      range(CONCURRENT_CALLS).map((i) =>
        tracer.startActiveSpan(`request-${i}`, async (span) => {
          const result = await app.awaitsThenStarts(`db-${i}`, i % 4);
          span.end();
          return result;
        }),
      ),
    );
    assert.deepEqual(
      results,
      range(CONCURRENT_CALLS).map((i) => [`db-${i}`, 'awaitsThenStarts']),
    );
    const expected = range(CONCURRENT_CALLS).map((i) =>
      [`request-${i}`, '  awaitsThenStarts', `    db-${i}`, '    leaf'].join('\n'),
    );
    assert.deepEqual(treesByTrace(exporter.getFinishedSpans()), expected.sort());
  });

  cases.push([
    activeSpans
      ? 'nested annotated async functions keep their chain under interleaving, below the OpenTelemetry span they were called in'
      : 'nested annotated async functions keep their chain under interleaving',
    async () => {
      const call = (i) => app.outerWork(i);
      await Promise.all(
        range(CONCURRENT_CALLS).map((i) =>
          activeSpans
            ? tracer.startActiveSpan(`request-${i}`, async (span) => {
                await call(i);
                span.end();
              })
            : call(i),
        ),
      );
      const chain = ['outerWork', '  innerWork', '    leaf', '  leaf'];
      const expected = range(CONCURRENT_CALLS).map((i) =>
        (activeSpans ? [`request-${i}`, ...chain.map((line) => `  ${line}`)] : chain).join('\n'),
      );
      assert.deepEqual(treesByTrace(exporter.getFinishedSpans()), expected.sort());
    },
  ]);

  when(otelSeesDirectives, "an annotated generator's span is active only while the generator runs", () => {
    const seen = tracer.startActiveSpan('consumer', (span) => {
      const log = [];
      for (const inside of app.countdown(2)) log.push([inside, trace.getActiveSpan()?.name]);
      span.end();
      return log;
    });
    assert.deepEqual(seen, [
      ['countdown', 'consumer'],
      ['countdown', 'consumer'],
    ]);
    assertTree(exporter, ['consumer', '  countdown']);
  });

  for (const [name, body] of cases) {
    test(name, async () => {
      exporter.reset();
      await body();
    });
  }
}
