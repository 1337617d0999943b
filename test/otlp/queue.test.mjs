// With the endpoint down and spans pouring in, the queue stays within its bound, the surplus is
// dropped and counted, every span is accounted for, and DD_TRACE_DEBUG reports the drops.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { configure, instrumentation } from 'dd-span-runtime';
import { createOtlpTracer } from 'dd-span-runtime/otlp';
import { callInstrumented, watchUnhandledRejections } from './support/instrumented.mjs';
import { refusingUrl } from './support/receiver.mjs';

const { site } = instrumentation;
const SPANS = 200_000;
const MAX_QUEUE = 2048;
const CHUNK = 10_000;

test(`${SPANS} spans with the endpoint down: the queue never holds more than maxQueueSize, and every span is counted`, async () => {
  const unhandled = watchUnhandledRejections();
  const appRunning = setInterval(() => {}, 60_000);
  const tracer = createOtlpTracer({ endpoint: await refusingUrl(), maxQueueSize: MAX_QUEUE, retryDelayMillis: 1 });
  configure({ tracer });
  const work = site('work');
  let sum = 0;
  let maxQueued = 0;
  try {
    // In chunks with a turn of the event loop between them, so exports run (and fail) meanwhile.
    for (let done = 0; done < SPANS; done += CHUNK) {
      for (let i = 0; i < CHUNK; i++) {
        sum += callInstrumented(work, () => 1);
        maxQueued = Math.max(maxQueued, tracer.stats().queued);
      }
      await nextTurn();
    }
  } finally {
    configure({ tracer: null });
  }
  await tracer.shutdown();
  clearInterval(appRunning);
  unhandled.check();

  assert.equal(sum, SPANS);
  assert.equal(maxQueued, MAX_QUEUE);
  const { exported, dropped, failed, queued } = tracer.stats();
  assert.equal(queued, 0);
  assert.equal(exported, 0);
  // Nothing leaves the queue while a chunk runs synchronously: each chunk gets at most MAX_QUEUE in.
  assert.ok(dropped >= SPANS - (SPANS / CHUNK) * MAX_QUEUE, `dropped ${dropped}`);
  assert.equal(exported + dropped + failed, SPANS);
});

test('with DD_TRACE_DEBUG, the dropped count is reported', async () => {
  const script = `
    import { configure, instrumentation } from 'dd-span-runtime';
    import { createOtlpTracer } from 'dd-span-runtime/otlp';
    const tracer = createOtlpTracer({ endpoint: process.argv[1], maxQueueSize: 100, retryDelayMillis: 1 });
    configure({ tracer });
    const { site, start, end } = instrumentation;
    const work = site('work');
    for (let i = 0; i < 1000; i++) end(start(work));
    await tracer.shutdown();
    console.log(JSON.stringify(tracer.stats()));
  `;
  const child = spawn(process.execPath, ['--input-type=module', '--eval', script, await refusingUrl()], {
    cwd: fileURLToPath(new URL('.', import.meta.url)),
    env: { ...process.env, DD_TRACE_DEBUG: 'true' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const code = await new Promise((resolve) => child.on('exit', resolve));
  assert.equal(code, 0, `exit code ${code}; stderr: ${stderr}`);
  const stats = JSON.parse(stdout);
  assert.equal(stats.dropped, 900);
  assert.match(stderr, /dd-span-runtime: .*dropped 900 \(queue full\)/);
});
