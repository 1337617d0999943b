// Browsers: when the page is hidden or left, everything queued goes out at once with `keepalive`, in
// bodies that fit the browser's keepalive quota. Node has no page: this file gives globalThis the
// two event targets a browser has (window and document); the requests are real, to a local receiver,
// and a pass-through wrapper around fetch records the options each one was sent with.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, test } from 'node:test';
import { createOtlpExporter } from 'dd-span-runtime/otlp';
import { finishedSpan } from './support/finished-span.mjs';
import { startReceiver } from './support/receiver.mjs';

const KEEPALIVE_QUOTA = 64 * 1024;

const realFetch = globalThis.fetch;
let sent;
let page;
let receiver;
before(async () => {
  receiver = await startReceiver();
});
after(() => receiver.close());

beforeEach(() => {
  sent = [];
  const window = new EventTarget();
  const document = Object.assign(new EventTarget(), { visibilityState: 'visible' });
  globalThis.addEventListener = window.addEventListener.bind(window);
  globalThis.removeEventListener = window.removeEventListener.bind(window);
  globalThis.document = document;
  globalThis.fetch = (url, init) => {
    sent.push({ keepalive: init.keepalive === true, bytes: new Blob([init.body]).size });
    return realFetch(url, init);
  };
  page = {
    hide() {
      document.visibilityState = 'hidden';
      document.dispatchEvent(new Event('visibilitychange'));
    },
    show() {
      document.visibilityState = 'visible';
      document.dispatchEvent(new Event('visibilitychange'));
    },
    leave: () => window.dispatchEvent(new Event('pagehide')),
  };
});
afterEach(() => {
  delete globalThis.addEventListener;
  delete globalThis.removeEventListener;
  delete globalThis.document;
  globalThis.fetch = realFetch;
});

/**
 * Resolves once every span handed over is counted. Page-hide requests are not awaited by anything
 * (the page is going away), so the test waits for their outcome to show in the stats.
 */
async function settled(exporter, count) {
  while (exporter.stats().exported + exporter.stats().failed < count) await new Promise((resolve) => setTimeout(resolve, 5));
  return exporter.stats();
}

/** A span named `click`, with a `payload` tag of `tagLength` copies of `character` when asked. */
const clickSpan = (tagLength = 0, character = 'x') =>
  finishedSpan({ name: 'click', resource: 'click', tags: tagLength > 0 ? { payload: character.repeat(tagLength) } : {}, start: Date.now(), duration: 1 });

// A delay no test waits for: only the page events can send these spans.
const NEVER = { scheduledDelayMillis: 3_600_000 };

test('hiding the page sends every queued span at once, with keepalive', async () => {
  const exporter = createOtlpExporter({ endpoint: receiver.url, ...NEVER });
  const before = receiver.spans().length;
  for (let i = 0; i < 5; i++) exporter.sink(clickSpan());
  page.show();
  assert.equal(sent.length, 0);
  page.hide();
  assert.deepEqual(sent.map(({ keepalive }) => keepalive), [true]);
  assert.equal(exporter.stats().queued, 0);
  assert.deepEqual(await settled(exporter, 5), { exported: 5, dropped: 0, failed: 0, retried: 0, queued: 0 });
  await exporter.shutdown();
  assert.equal(receiver.spans().length - before, 5);
  assert.deepEqual(receiver.problems(), []);
});

test('leaving the page (pagehide) sends the queue too', async () => {
  const exporter = createOtlpExporter({ endpoint: receiver.url, ...NEVER });
  exporter.sink(clickSpan());
  page.leave();
  assert.deepEqual(sent.map(({ keepalive }) => keepalive), [true]);
  assert.equal((await settled(exporter, 1)).exported, 1);
  await exporter.shutdown();
});

for (const [text, character] of [['ASCII', 'x'], ['three-byte UTF-8', '漢']]) {
  test(`a large queue of ${text} tags is split into bodies that each fit the keepalive quota in bytes`, async () => {
    const exporter = createOtlpExporter({ endpoint: receiver.url, ...NEVER });
    const before = receiver.spans().length;
    const requestsBefore = receiver.requests.length;
    for (let i = 0; i < 40; i++) exporter.sink(clickSpan(8 * 1024, character));
    page.hide();
    assert.ok(sent.length > 1, `${sent.length} request(s)`);
    for (const { keepalive, bytes } of sent) {
      assert.ok(keepalive);
      assert.ok(bytes < KEEPALIVE_QUOTA, `${bytes} bytes`);
    }
    assert.equal((await settled(exporter, 40)).exported, 40);
    await exporter.shutdown();
    assert.equal(receiver.requests.length - requestsBefore, sent.length);
    assert.equal(receiver.spans().length - before, 40);
  });
}

test('after shutdown the page events no longer send anything', async () => {
  const exporter = createOtlpExporter({ endpoint: receiver.url, ...NEVER });
  await exporter.shutdown();
  exporter.sink(clickSpan());
  page.hide();
  page.leave();
  assert.equal(sent.length, 0);
  assert.deepEqual(exporter.stats(), { exported: 0, dropped: 1, failed: 0, retried: 0, queued: 0 });
});
