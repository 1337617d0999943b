// How Node's exporter POSTs: with the body's length (not chunked), and each request to its own
// exporter's endpoint, also when exporters to different endpoints take turns.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createOtlpExporter } from 'dd-span-runtime/otlp';
import { startReceiver } from './support/receiver.mjs';

let first;
let second;
before(async () => {
  [first, second] = await Promise.all([startReceiver(), startReceiver()]);
});
after(() => Promise.all([first.close(), second.close()]));

let next = 1;
function span(name) {
  const spanId = (next++).toString(16).padStart(16, '0');
  return { name, resource: name, service: undefined, type: undefined, tags: {}, error: 0, traceId: `${spanId}${spanId}`, spanId, parentId: null, start: 1_712_345_678_901.5, duration: 1 };
}

test('a request carries its length and no chunked encoding', async () => {
  const exporter = createOtlpExporter({ endpoint: first.url });
  const before = first.requests.length;
  exporter.sink(span('sized é'));
  await exporter.shutdown();
  const [request] = first.requests.slice(before);
  assert.deepEqual(request.problems, []);
  assert.equal(request.headers['content-length'], String(Buffer.byteLength(request.text)));
  assert.equal(request.headers['transfer-encoding'], undefined);
});

test('exporters to different endpoints taking turns each reach their own', async () => {
  const toFirst = createOtlpExporter({ endpoint: first.url });
  const toSecond = createOtlpExporter({ endpoint: second.url });
  const counts = [first.requests.length, second.requests.length];
  for (let round = 0; round < 3; round++) {
    toFirst.sink(span(`first ${round}`));
    await toFirst.forceFlush();
    toSecond.sink(span(`second ${round}`));
    await toSecond.forceFlush();
  }
  await Promise.all([toFirst.shutdown(), toSecond.shutdown()]);
  const names = (receiver, from) => receiver.requests.slice(from).flatMap(({ body }) => body.resourceSpans[0].scopeSpans[0].spans.map((item) => item.name));
  assert.deepEqual(names(first, counts[0]), ['first 0', 'first 1', 'first 2']);
  assert.deepEqual(names(second, counts[1]), ['second 0', 'second 1', 'second 2']);
});
