// Where the exporter sends, with which headers and which resource: explicit options first, then
// the OpenTelemetry exporter variables, then DD_SERVICE/DD_ENV/DD_VERSION through the runtime's config.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createOtlpExporter, createOtlpTracer } from 'dd-span-runtime/otlp';
import { startReceiver } from './support/receiver.mjs';
import { finishedSpan } from './support/finished-span.mjs';

const VARIABLES = [
  'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_TRACES_HEADERS',
  'OTEL_EXPORTER_OTLP_HEADERS',
];

/** Runs `fn` with exactly `vars` set among the exporter's variables, then restores them. */
async function withEnv(vars, fn) {
  const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
  for (const name of VARIABLES) delete process.env[name];
  Object.assign(process.env, vars);
  try {
    return await fn();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

let receiver;
before(async () => {
  receiver = await startReceiver();
});
after(() => receiver.close());

const fakeSpan = (name) => finishedSpan({ name, resource: name, start: Date.now(), duration: 1 });

/** Creates an exporter under `vars`, sends one span, and returns the request the receiver got. */
async function sendOne(vars, options = {}) {
  const exporter = await withEnv(vars, () => createOtlpExporter(options));
  const before = receiver.requests.length;
  exporter.sink(fakeSpan('probe'));
  await exporter.shutdown();
  assert.deepEqual(exporter.stats(), { exported: 1, dropped: 0, failed: 0, retried: 0, queued: 0 });
  return receiver.requests[before];
}

test('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is used as it is', async () => {
  const request = await sendOne({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiver.origin}/custom/traces` });
  assert.equal(request.path, '/custom/traces');
});

test('OTEL_EXPORTER_OTLP_ENDPOINT gets /v1/traces, after any path of its own', async () => {
  for (const [base, path] of [
    [receiver.origin, '/v1/traces'],
    [`${receiver.origin}/`, '/v1/traces'],
    [`${receiver.origin}/otlp`, '/otlp/v1/traces'],
    [`${receiver.origin}/otlp/`, '/otlp/v1/traces'],
  ]) {
    const request = await sendOne({ OTEL_EXPORTER_OTLP_ENDPOINT: base });
    assert.equal(request.path, path, base);
  }
});

test('the traces variable wins over the general one, and the option over both', async () => {
  const unreachable = 'http://127.0.0.1:9/v1/traces';
  const fromTraces = await sendOne({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_ENDPOINT: unreachable });
  assert.equal(fromTraces.path, '/v1/traces');
  const fromOption = await sendOne(
    { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: unreachable, OTEL_EXPORTER_OTLP_ENDPOINT: unreachable },
    { endpoint: `${receiver.origin}/from-option` },
  );
  assert.equal(fromOption.path, '/from-option');
});

test('an endpoint option without a path gets /v1/traces, keeping any query', async () => {
  for (const [endpoint, path] of [
    [receiver.origin, '/v1/traces'],
    [`${receiver.origin}/`, '/v1/traces'],
    [`${receiver.origin}?tenant=a`, '/v1/traces?tenant=a'],
  ]) {
    const request = await sendOne({}, { endpoint });
    assert.equal(request.path, path, endpoint);
  }
});

test('with nothing configured, spans go to http://localhost:4318/v1/traces', async () => {
  const exporter = await withEnv({}, () => createOtlpExporter());
  assert.equal(exporter.endpoint, 'http://localhost:4318/v1/traces');
  await exporter.shutdown();
});

test('an endpoint that is not an http(s) URL fails at creation, naming its source and the accepted form', async () => {
  const cases = [
    [{}, { endpoint: 'localhost:4318' }, /option endpoint "localhost:4318"/],
    [{}, { endpoint: 'not a url' }, /option endpoint "not a url"/],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'collector:4318/v1/traces' }, {}, /OTEL_EXPORTER_OTLP_TRACES_ENDPOINT "collector:4318\/v1\/traces"/],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://collector' }, {}, /OTEL_EXPORTER_OTLP_ENDPOINT "ftp:\/\/collector"/],
  ];
  for (const [vars, options, source] of cases) {
    await withEnv(vars, () => {
      assert.throws(
        () => createOtlpTracer(options),
        (error) => error instanceof TypeError && source.test(error.message) && error.message.includes('http://localhost:4318/v1/traces'),
      );
    });
  }
});

test('headers come from OTEL_EXPORTER_OTLP_HEADERS, percent-decoded, and the traces variable wins', async () => {
  const general = await sendOne({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_HEADERS: 'dd-api-key=a%20b%3Dc, x-team = checkout ,broken' });
  assert.equal(general.headers['dd-api-key'], 'a b=c');
  assert.equal(general.headers['x-team'], 'checkout');
  assert.equal(general.headers['content-type'], 'application/json');

  const traces = await sendOne({
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.url,
    OTEL_EXPORTER_OTLP_HEADERS: 'x-team=general',
    OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-team=traces',
  });
  assert.equal(traces.headers['x-team'], 'traces');
});

test('the headers option replaces the header variables', async () => {
  const request = await sendOne({ OTEL_EXPORTER_OTLP_HEADERS: 'x-team=env' }, { endpoint: receiver.url, headers: { 'x-team': 'option' } });
  assert.equal(request.headers['x-team'], 'option');
  assert.equal(request.headers['content-type'], 'application/json');
});

test('DD_SERVICE, DD_ENV and DD_VERSION become the resource of spans that name no service', async () => {
  const child = spawn(
    process.execPath,
    [
      '--input-type=module',
      '--eval',
      `import { createOtlpExporter } from 'dd-span-runtime/otlp';
       const exporter = createOtlpExporter({ endpoint: process.argv[1] });
       exporter.sink(${JSON.stringify(fakeSpan('from-child'))});
       await exporter.shutdown();`,
      receiver.url,
    ],
    {
      cwd: fileURLToPath(new URL('.', import.meta.url)),
      env: { ...process.env, DD_SERVICE: 'billing', DD_ENV: 'qa', DD_VERSION: '3.1.0' },
      stdio: 'inherit',
    },
  );
  const code = await new Promise((resolve) => child.on('exit', resolve));
  assert.equal(code, 0);
  const request = receiver.requests.find(({ body }) => body?.resourceSpans[0].scopeSpans[0].spans[0].name === 'from-child');
  assert.deepEqual(request.body.resourceSpans[0].resource.attributes, [
    { key: 'service.name', value: { stringValue: 'billing' } },
    { key: 'deployment.environment', value: { stringValue: 'qa' } },
    { key: 'service.version', value: { stringValue: '3.1.0' } },
  ]);
});

test('in a page, a relative endpoint is resolved against the page; where there is no page it is refused', () => {
  assert.throws(() => createOtlpExporter({ endpoint: '/v1/traces' }), /option endpoint "\/v1\/traces" is not an http\(s\) URL/);
  globalThis.location = { href: 'http://127.0.0.1:8080/shop/cart' };
  try {
    const exporter = createOtlpExporter({ endpoint: '/v1/traces' });
    assert.equal(exporter.endpoint, 'http://127.0.0.1:8080/v1/traces');
    return exporter.shutdown();
  } finally {
    delete globalThis.location;
  }
});
