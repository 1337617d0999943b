// Node processes that simply end: the exporter sends what is queued on `beforeExit`, and never holds
// the process for long, whatever the endpoint does. (Each case is a child process; the test waits
// for it to exit rather than timing it; the test timeout only guards against a hang.)
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, test } from 'node:test';
import { refusingUrl, startReceiver } from './support/receiver.mjs';

const CHILD = new URL('./support/exit-child.mjs', import.meta.url);
const GUARD = { timeout: 30_000 };

/** Runs the child app; resolves with its exit code and the stats it printed, once it has exited. */
async function runChild(endpoint, { exitTimeoutMillis = 2000, ending = 'naturally' } = {}) {
  const child = spawn(process.execPath, [CHILD.pathname, endpoint, String(exitTimeoutMillis), ending], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const code = await new Promise((resolve) => child.on('close', resolve));
  assert.equal(code, 0, `exit code ${code}; stderr: ${stderr}`);
  return JSON.parse(stdout);
}

let receiver;
let hanging;
before(async () => {
  receiver = await startReceiver();
  hanging = await startReceiver({ respond: () => 'hang' });
});
after(async () => {
  await receiver.close();
  await hanging.close();
});

test('a process that ends naturally delivers its spans before it exits', GUARD, async () => {
  const before = receiver.requests.length;
  const stats = await runChild(receiver.url);
  assert.deepEqual(stats, { exported: 3, dropped: 0, failed: 0, retried: 0, queued: 0 });
  const requests = receiver.requests.slice(before);
  assert.equal(requests.length, 1);
  assert.deepEqual(requests[0].problems, []);
  const spans = Object.fromEntries(requests[0].body.resourceSpans[0].scopeSpans[0].spans.map((span) => [span.name, span]));
  assert.equal(spans.load.parentSpanId, spans.handle.spanId);
  assert.equal(spans.save.parentSpanId, spans.handle.spanId);
  assert.equal(spans.handle.parentSpanId, undefined);
});

test('a process whose endpoint never answers still exits, giving up on its spans', GUARD, async () => {
  const before = hanging.requests.length;
  const stats = await runChild(hanging.url, { exitTimeoutMillis: 1000 });
  assert.deepEqual(stats, { exported: 0, dropped: 0, failed: 3, retried: 0, queued: 0 });
  assert.equal(hanging.requests.length - before, 1);
});

test('a process whose endpoint refuses connections exits after one attempt, without retrying', GUARD, async () => {
  const stats = await runChild(await refusingUrl());
  assert.deepEqual(stats, { exported: 0, dropped: 0, failed: 3, retried: 0, queued: 0 });
});

test('an awaited shutdown() at the end settles even while its retries wait on unref\'d timers', GUARD, async () => {
  const stats = await runChild(await refusingUrl(), { ending: 'shutdown' });
  assert.equal(stats.failed, 3);
  assert.equal(stats.exported + stats.dropped + stats.queued, 0);
});

test('an awaited shutdown() delivers the spans', GUARD, async () => {
  const before = receiver.requests.length;
  const stats = await runChild(receiver.url, { ending: 'shutdown' });
  assert.deepEqual(stats, { exported: 3, dropped: 0, failed: 0, retried: 0, queued: 0 });
  assert.equal(receiver.requests.length - before, 1);
});
