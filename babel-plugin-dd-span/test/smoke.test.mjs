import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getFinishedSpans, resetSpans } from 'dd-span-runtime/testing';
import { runInstrumented, runOriginal } from './support/exec.mjs';

const source = `
//dd:span team:core
async function outer(x) { await null; return inner(x) * 2; }
//dd:span
function inner(x) { if (x < 0) throw new RangeError('neg'); return x + 1; }
module.exports = { outer, inner };
`;

test('an annotated async function and its sync child form one trace', async () => {
  resetSpans();
  const original = runOriginal(source);
  const instrumented = runInstrumented(source);
  assert.equal(await instrumented.outer(1), await original.outer(1));
  const [child, parent] = getFinishedSpans();
  assert.equal(parent.name, 'outer');
  assert.deepEqual(parent.tags, { 'function-name': 'outer', team: 'core' });
  assert.equal(child.name, 'inner');
  assert.equal(child.parentId, parent.spanId);
  assert.equal(child.traceId, parent.traceId);
  assert.equal(parent.parentId, null);
});
