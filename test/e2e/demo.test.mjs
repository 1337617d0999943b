// `npm run demo` end to end: examples/node-basic is compiled with the plugin by its own build script,
// run with this machine's node, and its printed span trees are read back. The program must print
// exactly what its uncompiled source prints, plus the trees.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const example = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples/node-basic');

function run(args) {
  const result = spawnSync(process.execPath, args, { cwd: example, encoding: 'utf8' });
  assert.equal(result.status, 0, `node ${args.join(' ')} failed:\n${result.stderr}`);
  return result;
}

const HEADER = /^trace ([0-9a-f]{32}) · (\d+) spans? · (.+)$/;

/**
 * Splits the program's output into its own lines and the console tracer's blocks (header to empty
 * line); `sequence` keeps the order of order headings and traces.
 */
function split(stdout) {
  const programLines = [];
  const traces = [];
  const sequence = [];
  let current = null;
  for (const line of stdout.split('\n').slice(0, -1)) {
    const header = HEADER.exec(line);
    if (current === null && header !== null) {
      current = { traceId: header[1], count: Number(header[2]), summary: header[3], lines: [] };
      traces.push(current);
      sequence.push('trace');
    } else if (current !== null && line === '') {
      current = null;
    } else if (current !== null) {
      current.lines.push(line);
    } else {
      programLines.push(line);
      if (line.startsWith('Order ')) sequence.push(line.split(' ').slice(0, 2).join(' '));
    }
  }
  return { programLines, traces, sequence };
}

const DURATION = String.raw`\d+(?:\.\d\d)? (?:µs|ms|s)`;
const SPAN_LINE = new RegExp(String.raw`^((?:[│ ] {2}|[├└]─ )*)(\S+) +(${DURATION})(?: {2}(.*))?$`);

/**
 * A trace block as an indented outline: one line per span (name and details, two spaces per level),
 * its error appended as `✗ …`. Durations are checked for shape and left out.
 */
function outline(trace) {
  const entries = [];
  for (const line of trace.lines) {
    const error = /^[│ ]*✗ (.*)$/.exec(line);
    if (error !== null) {
      entries[entries.length - 1] += ` ✗ ${error[1]}`;
      continue;
    }
    const match = SPAN_LINE.exec(line);
    assert.ok(match, `not a span line: ${JSON.stringify(line)}`);
    const [, prefix, name, , details] = match;
    entries.push(`${'  '.repeat(prefix.length / 3)}${name}${details ? ` ${details}` : ''}`);
  }
  return entries;
}

let compiled;
let original;
let build;

before(() => {
  build = run(['build.mjs']);
  compiled = split(run(['--enable-source-maps', 'dist/main.js']).stdout);
  original = split(run(['src/main.js']).stdout);
});

test('the demo builds with the plugin and no directive warnings', () => {
  assert.match(build.stdout, /^compiled \d+ files from src\/ into dist\/ with babel-plugin-dd-span\n$/);
  assert.equal(build.stderr, '');
});

test('the compiled demo prints exactly the lines the uncompiled source prints, besides its traces', () => {
  assert.equal(original.traces.length, 0, 'uncompiled code opens no span');
  assert.ok(original.programLines.length > 5);
  assert.deepEqual(compiled.programLines, original.programLines);
});

test('the demo prints one trace per order, right after that order\'s own output', () => {
  assert.deepEqual(compiled.sequence, ['Order A-1001', 'trace', 'Order A-1002', 'trace', 'Order A-1003', 'trace']);
});

test('a paid order traces sync, async, CommonJS, class and generator functions under one root', () => {
  const [paid] = compiled.traces;
  assert.deepEqual(outline(paid), [
    'checkout channel=web',
    '  processOrder order.kind=retail',
    '    validateOrder',
    '    priceOrder pricing.currency=EUR',
    '    reserve component=inventory',
    '    payment.authorize resource="POST /v1/charges" type=http payment.provider=acme',
    '    receiptLines receipt.format=text',
  ]);
});

test('a declined card shows the rejection on the payment span and on the order, and the stock release', () => {
  const declined = compiled.traces[1];
  assert.deepEqual(outline(declined), [
    'checkout channel=web',
    '  processOrder order.kind=retail ✗ PaymentError: card declined',
    '    validateOrder',
    '    priceOrder pricing.currency=EUR',
    '    reserve component=inventory',
    '    payment.authorize resource="POST /v1/charges" type=http payment.provider=acme ✗ PaymentError: card declined',
    '    release component=inventory',
  ]);
});

test('an empty order shows the synchronous throw where it happened and where it passed through', () => {
  const rejected = compiled.traces[2];
  assert.deepEqual(outline(rejected), [
    'checkout channel=web',
    '  processOrder order.kind=retail ✗ ValidationError: order A-1003 has no items',
    '    validateOrder ✗ ValidationError: order A-1003 has no items',
  ]);
});

test('each trace header counts its spans and repeats the root duration, and trace ids differ', () => {
  for (const trace of compiled.traces) {
    const spanLines = outline(trace).length;
    assert.equal(trace.count, spanLines);
    const rootDuration = SPAN_LINE.exec(trace.lines[0])[3];
    assert.equal(trace.summary, rootDuration);
  }
  assert.equal(new Set(compiled.traces.map((trace) => trace.traceId)).size, 3);
});

test('with OTEL_EXPORTER_OTLP_ENDPOINT set, the demo also sends its spans over OTLP, with the same trees printed', async () => {
  const { createServer } = await import('node:http');
  const { execFile } = await import('node:child_process');
  const received = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({ path: request.url, payload: JSON.parse(body) });
      response.end('{}');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const endpoint = `http://127.0.0.1:${server.address().port}`;
    const stdout = await new Promise((resolve, reject) => {
      execFile(process.execPath, ['--enable-source-maps', 'dist/main.js'], { cwd: example, env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: endpoint } }, (error, out) =>
        error ? reject(error) : resolve(out),
      );
    });
    const printed = split(stdout);
    assert.equal(printed.traces.length, compiled.traces.length);
    const spans = received.flatMap(({ payload }) => payload.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)));
    assert.ok(received.every(({ path }) => path === '/v1/traces'));
    assert.equal(spans.length, printed.traces.reduce((sum, trace) => sum + trace.count, 0));
    assert.deepEqual(new Set(spans.map((span) => span.traceId)), new Set(printed.traces.map((trace) => trace.traceId)));
    assert.match(stdout, new RegExp(`OTLP: ${spans.length} spans sent to ${endpoint}/v1/traces\\n`));
  } finally {
    server.close();
  }
});
