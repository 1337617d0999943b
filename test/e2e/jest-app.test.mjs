// examples/jest-app end to end: its own Jest 30 suite, run by `npx jest` through babel-jest and the
// example's babel.config.js, must pass; once as configured (modern Node), once with `BABEL_ENV=legacy`,
// where preset-env lowers async functions and generators to state machines after babel-preset-dd
// instrumented them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { transformFileAsync } from '@babel/core';

const example = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples/jest-app');

const EXPECTED_TESTS = [
  'an order is one trace: placeOrder above its reservation, pricing and confirmation',
  'a class directive traces each method with its tags, and not the constructor',
  'an error is recorded on the span that threw and on each caller it passes through, and still thrown',
];

/** Jest's `--json` report. `--no-cache`: Jest's transform cache does not know when our plugin changed. */
function runJest(env = {}) {
  const result = spawnSync('npx', ['jest', '--ci', '--no-cache', '--json'], {
    cwd: example,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', ...env },
  });
  assert.equal(result.status, 0, `npx jest failed:\n${result.stderr}`);
  return JSON.parse(result.stdout);
}

function assertAllPassed(report) {
  assert.equal(report.success, true);
  assert.equal(report.numTotalTests, EXPECTED_TESTS.length);
  assert.equal(report.numPassedTests, EXPECTED_TESTS.length);
  const outcomes = report.testResults.flatMap((file) => file.assertionResults.map((result) => [result.title, result.status]));
  assert.deepEqual(outcomes, EXPECTED_TESTS.map((title) => [title, 'passed']));
}

test('the example Jest suite passes, asserting on spans through dd-span-runtime/testing', () => {
  assertAllPassed(runJest());
});

test('the same suite passes on code lowered to ES5, with async functions instrumented before preset-env rewrote them', async () => {
  const { code } = await transformFileAsync(path.join(example, 'src/orders.ts'), { cwd: example, envName: 'legacy' });
  assert.doesNotMatch(code, /async function|await /);
  assert.match(code, /_regenerator\(\)/);
  assert.match(code, /\.suspend\(_ddFrame, payments\.charge/);

  assertAllPassed(runJest({ BABEL_ENV: 'legacy' }));
});
