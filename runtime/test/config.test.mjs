import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import { configure } from 'dd-span-runtime';

const require = createRequire(import.meta.url);
const { readConfig } = require('../dist/cjs/config.js');

describe('environment configuration', () => {
  test('defaults when nothing is set', () => {
    const { config, problems } = readConfig({});
    assert.deepEqual(config, {
      enabled: true,
      sampleRate: 1,
      debug: false,
      service: undefined,
      env: undefined,
      version: undefined,
      profiling: 'false',
    });
    assert.deepEqual(problems, []);
  });

  test('reads unified service tagging, with DD_SERVICE aliases in dd-trace order', () => {
    assert.equal(readConfig({ DD_SERVICE: 'a', DD_SERVICE_NAME: 'b', OTEL_SERVICE_NAME: 'c' }).config.service, 'a');
    assert.equal(readConfig({ DD_SERVICE_NAME: 'b', OTEL_SERVICE_NAME: 'c' }).config.service, 'b');
    assert.equal(readConfig({ OTEL_SERVICE_NAME: 'c' }).config.service, 'c');
    const { config } = readConfig({ DD_ENV: 'prod', DD_VERSION: '1.2.3' });
    assert.equal(config.env, 'prod');
    assert.equal(config.version, '1.2.3');
  });

  test('booleans accept true/false/1/0 in any case', () => {
    assert.equal(readConfig({ DD_TRACE_ENABLED: 'FALSE' }).config.enabled, false);
    assert.equal(readConfig({ DD_TRACE_ENABLED: '0' }).config.enabled, false);
    assert.equal(readConfig({ DD_TRACE_DEBUG: 'true' }).config.debug, true);
  });

  test('an invalid value is reported with the variable, the value and what is accepted, and the default is kept', () => {
    const { config, problems } = readConfig({ DD_TRACE_SAMPLE_RATE: '1.5', DD_TRACE_ENABLED: 'maybe' });
    assert.equal(config.sampleRate, 1);
    assert.equal(config.enabled, true);
    assert.equal(problems.length, 2);
    assert.ok(problems.some((p) => /DD_TRACE_ENABLED="maybe" is not a boolean \(accepted: true, false, 1, 0\)/.test(p)));
    assert.ok(problems.some((p) => /DD_TRACE_SAMPLE_RATE="1\.5" is not a number from 0 to 1/.test(p)));
  });

  test('DD_PROFILING_ENABLED takes true, false and auto', () => {
    assert.equal(readConfig({ DD_PROFILING_ENABLED: 'auto' }).config.profiling, 'auto');
    assert.equal(readConfig({ DD_PROFILING_ENABLED: '1' }).config.profiling, 'true');
    assert.equal(readConfig({ DD_PROFILING_ENABLED: 'false' }).config.profiling, 'false');
  });
});

describe('start-up behaviour', () => {
  const run = (env, code) =>
    execFileSync(process.execPath, ['--input-type=module', '-e', code], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });

  const traceOneCall = `
    import { instrumentation as rt } from 'dd-span-runtime';
    import { getFinishedSpans } from 'dd-span-runtime/testing';
    const site = rt.site('work', []);
    const frame = rt.start(site);
    rt.end(frame);
    console.log(JSON.stringify({ traced: frame !== null, spans: getFinishedSpans().length }));
  `;

  test('DD_TRACE_ENABLED=false keeps every tracer out, so calls record nothing', () => {
    const out = JSON.parse(run({ DD_TRACE_ENABLED: 'false' }, traceOneCall));
    assert.deepEqual(out, { traced: false, spans: 0 });
    const on = JSON.parse(run({ DD_TRACE_ENABLED: 'true' }, traceOneCall));
    assert.deepEqual(on, { traced: true, spans: 1 });
  });

  test('an invalid variable prints one clear line at start-up and the program still runs', () => {
    const child = require('node:child_process').spawnSync(
      process.execPath,
      ['--input-type=module', '-e', traceOneCall],
      { env: { ...process.env, DD_TRACE_SAMPLE_RATE: 'lots' }, encoding: 'utf8' },
    );
    assert.equal(child.status, 0);
    assert.match(child.stderr, /dd-span-runtime: DD_TRACE_SAMPLE_RATE="lots" is not a number from 0 to 1; using 1\./);
    assert.deepEqual(JSON.parse(child.stdout), { traced: true, spans: 1 });
  });
});

describe('configure', () => {
  test('rejects unknown options and wrong types, naming the option and what it accepts', () => {
    assert.throws(() => configure({ sampelRate: 1 }), /unknown configure option `sampelRate`; accepted: tracer, service/);
    assert.throws(() => configure({ sampleRate: 2 }), /configure\(\{ sampleRate \}\) must be a number from 0 to 1; got 2/);
    assert.throws(() => configure({ service: 42 }), /configure\(\{ service \}\) must be a string; got 42/);
    assert.throws(() => configure({ debug: 'yes' }), /configure\(\{ debug \}\) must be true or false/);
  });
});

describe('DD_TRACE_DEBUG and contained failures', () => {
  const brokenTracerCall = `
    import { configure, instrumentation as rt } from 'dd-span-runtime';
    configure({ tracer: { startSpan() { throw new Error('bridge broke'); } } });
    const frame = rt.start(rt.site('work', []));
    console.log(JSON.stringify({ traced: frame !== null }));
  `;
  const spawn = (env) =>
    require('node:child_process').spawnSync(process.execPath, ['--input-type=module', '-e', brokenTracerCall], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });

  test('a failure the runtime swallowed is printed under DD_TRACE_DEBUG, and silent otherwise', () => {
    const loud = spawn({ DD_TRACE_DEBUG: 'true' });
    assert.equal(loud.status, 0);
    assert.deepEqual(JSON.parse(loud.stdout), { traced: false });
    assert.match(loud.stderr, /dd-span-runtime: contained a failure; Error: bridge broke/);
    const quiet = spawn({ DD_TRACE_DEBUG: 'false' });
    assert.equal(quiet.status, 0);
    assert.doesNotMatch(quiet.stderr, /contained a failure/);
  });
});
