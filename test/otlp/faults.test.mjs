// An endpoint that refuses, hangs, fails or rejects: the instrumented code returns and throws exactly
// as it would untraced, nothing is left unhandled, and the exporter retries only what may succeed.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { configure, instrumentation } from 'dd-span-runtime';
import { createOtlpTracer } from 'dd-span-runtime/otlp';
import { callInstrumented, watchUnhandledRejections } from './support/instrumented.mjs';
import { refusingUrl, startReceiver } from './support/receiver.mjs';

const { site } = instrumentation;
const MAX_ATTEMPTS = 5;
// Fast retries, so a test waits milliseconds for the exporter to give up.
const FAST = { retryDelayMillis: 2, maxBatchSize: 512 };

const parseSite = site('parse', ['function-name', 'parse']);

/** Parses JSON: returns for valid input and throws SyntaxError for invalid input. */
const parse = (text) => JSON.parse(text);

/** Runs `parse` instrumented and plain on the same inputs; both must agree exactly. */
function assertCallerUnaffected() {
  const results = [];
  for (const text of ['{"a":[1,2]}', '{oops']) {
    let plain;
    let traced;
    try {
      plain = { value: parse(text) };
    } catch (error) {
      plain = { error: `${error.name}: ${error.message}` };
    }
    try {
      traced = { value: callInstrumented(parseSite, () => parse(text)) };
    } catch (error) {
      traced = { error: `${error.name}: ${error.message}` };
    }
    assert.deepEqual(traced, plain);
    results.push(traced);
  }
  assert.ok('value' in results[0] && 'error' in results[1]);
}

let unhandled;
let appRunning;
const cleanup = [];
beforeEach(() => {
  unhandled = watchUnhandledRejections();
  // A running app keeps Node's event loop alive; the exporter's own timers never do (exit.test.mjs).
  appRunning = setInterval(() => {}, 60_000);
});
afterEach(async () => {
  clearInterval(appRunning);
  configure({ tracer: null });
  for (const close of cleanup.splice(0)) await close();
  unhandled.check();
});

/** A tracer on `endpoint`, installed; the test's cleanup shuts it down. */
function install(endpoint, options = {}) {
  const tracer = createOtlpTracer({ endpoint, ...FAST, ...options });
  configure({ tracer });
  cleanup.push(() => tracer.shutdown());
  return tracer;
}

async function receiverAnswering(respond) {
  const receiver = await startReceiver({ respond });
  cleanup.push(() => receiver.close());
  return receiver;
}

test('an endpoint that refuses connections: calls behave as untraced; the batch fails after bounded retries', async () => {
  const tracer = install(await refusingUrl());
  assertCallerUnaffected();
  await tracer.forceFlush();
  assert.deepEqual(tracer.stats(), { exported: 0, dropped: 0, failed: 2, retried: MAX_ATTEMPTS - 1, queued: 0 });
});

test('an endpoint that never answers: each request times out, and the batch fails after bounded retries', async () => {
  const receiver = await receiverAnswering(() => 'hang');
  const tracer = install(receiver.url, { exportTimeoutMillis: 50 });
  assertCallerUnaffected();
  await tracer.forceFlush();
  assert.deepEqual(tracer.stats(), { exported: 0, dropped: 0, failed: 2, retried: MAX_ATTEMPTS - 1, queued: 0 });
  assert.equal(receiver.requests.length, MAX_ATTEMPTS);
});

for (const status of [500, 503, 429]) {
  test(`an endpoint answering ${status} and then 200: the batch is retried and delivered once`, async () => {
    const receiver = await receiverAnswering((index) => (index === 0 ? status : 200));
    const tracer = install(receiver.url);
    assertCallerUnaffected();
    await tracer.forceFlush();
    assert.deepEqual(tracer.stats(), { exported: 2, dropped: 0, failed: 0, retried: 1, queued: 0 });
    assert.equal(receiver.requests.length, 2);
    assert.equal(receiver.requests[1].text, receiver.requests[0].text);
    assert.deepEqual(receiver.problems(), []);
  });
}

test('an endpoint that always answers 500: the batch fails after the last attempt', async () => {
  const receiver = await receiverAnswering(() => 500);
  const tracer = install(receiver.url);
  assertCallerUnaffected();
  await tracer.forceFlush();
  assert.deepEqual(tracer.stats(), { exported: 0, dropped: 0, failed: 2, retried: MAX_ATTEMPTS - 1, queued: 0 });
  assert.equal(receiver.requests.length, MAX_ATTEMPTS);
});

for (const status of [400, 401, 413]) {
  test(`an endpoint answering ${status}: the batch is not retried`, async () => {
    const receiver = await receiverAnswering(() => status);
    const tracer = install(receiver.url);
    assertCallerUnaffected();
    await tracer.forceFlush();
    assert.deepEqual(tracer.stats(), { exported: 0, dropped: 0, failed: 2, retried: 0, queued: 0 });
    assert.equal(receiver.requests.length, 1);
  });
}

test('a missing fetch (an old runtime) costs the spans, not the app', async () => {
  const { fetch } = globalThis;
  delete globalThis.fetch;
  try {
    const tracer = install('http://127.0.0.1:9/v1/traces');
    assertCallerUnaffected();
    await tracer.forceFlush();
    assert.deepEqual(tracer.stats(), { exported: 0, dropped: 0, failed: 2, retried: MAX_ATTEMPTS - 1, queued: 0 });
  } finally {
    globalThis.fetch = fetch;
  }
});

test('forceFlush and shutdown resolve, and later spans are dropped and counted', async () => {
  const tracer = install(await refusingUrl());
  assertCallerUnaffected();
  await tracer.shutdown();
  await tracer.shutdown();
  assertCallerUnaffected();
  await tracer.forceFlush();
  assert.deepEqual(tracer.stats(), { exported: 0, dropped: 2, failed: 2, retried: MAX_ATTEMPTS - 1, queued: 0 });
});
