// The console tracer is what a user sees first (`npm run demo`): its tree must be right and readable.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { recorder } from 'dd-span-runtime/testing';
import { configure, createConsoleTracer, instrumentation as rt, renderTree } from 'dd-span-runtime';
import { tracedAsync, tracedSync } from './support/hand-compiled.mjs';

afterEach(() => configure({ tracer: recorder }));

const TRACE = 'a'.repeat(32);

// A FinishedSpan as the native tracer hands it to the renderer.
function span(name, spanId, parentId, start, duration, extra = {}) {
  return { name, resource: name, service: undefined, type: undefined, tags: {}, error: 0, traceId: TRACE, spanId, parentId, start, duration, ...extra };
}

const checkoutTrace = [
  span('validateOrder', '0000000000000003', '0000000000000002', 1001.1, 0.042),
  span('payment.authorize', '0000000000000004', '0000000000000002', 1005, 1.5, {
    resource: 'POST /v1/charges',
    service: 'payments',
    type: 'http',
    error: 1,
    tags: {
      'payment.provider': 'acme',
      'function-name': 'authorize',
      'error.type': 'PaymentError',
      'error.message': 'card declined\nretry later',
      'error.stack': 'PaymentError: card declined\n    at authorize (payments.js:3:9)',
    },
  }),
  span('release', '0000000000000005', '0000000000000002', 1030, 2.25, { tags: { note: '' } }),
  span('processOrder', '0000000000000002', '0000000000000001', 1001, 40.05, {
    error: 1,
    tags: { 'function-name': 'processOrder', 'order.kind': 'retail', 'error.type': 'PaymentError', 'error.message': 'card declined' },
  }),
  span('checkout', '0000000000000001', null, 1000, 2500, { tags: { channel: 'web', 'function-name': 'checkout' } }),
];

test('renderTree draws a trace as an aligned tree with durations, details and error lines', () => {
  assert.equal(
    renderTree(checkoutTrace),
    [
      'checkout                   2.50 s  channel=web',
      '└─ processOrder          40.05 ms  order.kind=retail',
      '   │ ✗ PaymentError: card declined',
      '   ├─ validateOrder         42 µs',
      '   ├─ payment.authorize   1.50 ms  resource="POST /v1/charges" service=payments type=http payment.provider=acme function-name=authorize',
      '   │  ✗ PaymentError: card declined ⏎ retry later',
      '   └─ release             2.25 ms  note=""',
    ].join('\n'),
  );
});

test('renderTree orders siblings by start time whatever order the spans come in', () => {
  const reversed = renderTree(checkoutTrace.slice().reverse());
  assert.equal(reversed, renderTree(checkoutTrace));
});

test('renderTree shows a span whose parent is not in the list as a root of its own', () => {
  const orphan = span('orphan', '00000000000000ff', '00000000000000ee', 2000, 3);
  const lines = renderTree([...checkoutTrace, orphan]).split('\n');
  assert.equal(lines.at(-1), `orphan${' '.repeat(20)}3.00 ms`);
  assert.match(lines[0], /^checkout /);
});

test('renderTree terminates on a malformed list whose spans are each other\'s parents', () => {
  const a = span('a', '000000000000000a', '000000000000000b', 1, 1);
  const b = span('b', '000000000000000b', '000000000000000a', 2, 1);
  assert.equal(renderTree([a, b]), ['a     1.00 ms', '└─ b  1.00 ms'].join('\n'));
});

test('renderTree shows an error without a message by its type alone', () => {
  const failed = span('job', '0000000000000001', null, 0, 5, { error: 1, tags: { 'error.type': 'AbortError', 'error.message': '' } });
  assert.equal(renderTree([failed]), ['job  5.00 ms', '✗ AbortError'].join('\n'));
});

test('renderTree with colour paints errors red and tree lines dim, and is otherwise the same text', () => {
  const colored = renderTree(checkoutTrace, { color: true });
  assert.match(colored, /\x1b\[31m✗ PaymentError: card declined\x1b\[0m/);
  assert.match(colored, /\x1b\[2m└─ \x1b\[0mprocessOrder/);
  assert.equal(colored.replace(/\x1b\[\d+m/g, ''), renderTree(checkoutTrace));
});

function capture(options = {}) {
  const blocks = [];
  configure({ tracer: createConsoleTracer({ write: (text) => blocks.push(text), ...options }) });
  return blocks;
}

test('the console tracer prints a trace once, when its root span finishes, with a header and a closing empty line', async () => {
  const blocks = capture();
  const child = tracedAsync('loadCustomer', async () => 'ada', ['db', 'users']);
  const root = tracedAsync('handleOrder', async () => {
    await child();
    assert.deepEqual(blocks, [], 'nothing is printed before the root ends');
    return 'done';
  });
  assert.equal(await root(), 'done');

  assert.equal(blocks.length, 1);
  const [header, ...rest] = blocks[0].split('\n');
  assert.match(header, /^trace [0-9a-f]{32} · 2 spans · \d+(\.\d\d ms| µs)$/);
  assert.equal(rest.at(-1), '');
  assert.match(rest[0], /^handleOrder {5}/);
  assert.match(rest[1], /^└─ loadCustomer .* db=users$/);
  assert.equal(blocks[0].includes('\x1b['), false, 'no colour when writing elsewhere than the terminal');
});

test('the console tracer prints each trace on its own, even when traces interleave', async () => {
  const blocks = capture();
  const step = tracedAsync('step', () => new Promise((resolve) => setImmediate(resolve)));
  const request = tracedAsync('request', async () => {
    await step();
    await step();
  });
  await Promise.all([request(), request()]);
  assert.equal(blocks.length, 2);
  for (const block of blocks) {
    assert.match(block, /^trace [0-9a-f]{32} · 3 spans · /);
    assert.match(block, /\nrequest +\S+ \S+\n├─ step +\S+ \S+\n└─ step +\S+ \S+\n$/);
  }
  assert.notEqual(blocks[0].slice(6, 38), blocks[1].slice(6, 38));
});

test('a span that finishes after its trace was printed gets a late block of its own', () => {
  const blocks = capture();
  // Fire-and-forget: the child suspends (an await), the root ends, then the child resumes and ends.
  const root = rt.start(rt.site('request'));
  const background = rt.start(rt.site('sendEmail', ['channel', 'smtp']));
  rt.suspend(background, undefined);
  rt.end(root);
  rt.resume(background);
  rt.fail(background, new Error('mailbox full'));
  rt.end(background);

  assert.equal(blocks.length, 2);
  assert.match(blocks[0], /^trace [0-9a-f]{32} · 1 span · .*\nrequest +\S+ \S+\n$/);
  const traceId = blocks[0].slice(6, 38);
  const [header, line, error] = blocks[1].split('\n');
  assert.equal(header, `trace ${traceId} · late span, finished after its trace was printed`);
  assert.match(line, /^sendEmail +\S+ \S+ {2}channel=smtp$/);
  assert.equal(error, '✗ Error: mailbox full');
});

test('beyond maxPendingTraces, the oldest unfinished trace is printed as it is, and its root later as late', () => {
  const blocks = capture({ maxPendingTraces: 1 });
  const roots = [];
  for (const name of ['first', 'second']) {
    const root = rt.start(rt.site(name));
    tracedSync(`${name}.child`, () => {})();
    rt.suspend(root, undefined);
    roots.push(root);
  }
  assert.equal(blocks.length, 1);
  assert.match(blocks[0], /^trace [0-9a-f]{32} · 1 span · root not finished\nfirst\.child /);
  for (const root of roots) {
    rt.resume(root);
    rt.end(root);
  }
  assert.match(blocks[1], /· late span, finished after its trace was printed\nfirst /);
  assert.match(blocks[2], /^trace [0-9a-f]{32} · 2 spans · .*\nsecond +\S+ \S+\n└─ second\.child /);
});

test('by default the console tracer writes to stdout, without colour when stdout is not a terminal', () => {
  const runtimeRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const script = `
    import { configure, createConsoleTracer, instrumentation as rt } from 'dd-span-runtime';
    configure({ tracer: createConsoleTracer() });
    rt.end(rt.start(rt.site('main', ['mode', 'cli'])));
  `;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: runtimeRoot,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '1' },
  });
  assert.match(output, /^trace [0-9a-f]{32} · 1 span · .*\nmain +\S+ \S+ {2}mode=cli\n\n$/);
});
