// An application without any @opentelemetry package installed can still load the bridge: it finds
// no provider, and annotated code runs as it would. The runtime is copied into a folder that has no
// @opentelemetry anywhere up its tree, and run from there in a child process, as CommonJS and as ESM.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { compile, repoRoot } from '../../babel-plugin-dd-span/test/support/babel.mjs';

const directory = mkdtempSync(path.join(tmpdir(), 'dd-span-no-otel-'));
after(() => rmSync(directory, { recursive: true, force: true }));

const runtimeCopy = path.join(directory, 'node_modules', 'dd-span-runtime');
cpSync(path.join(repoRoot, 'runtime', 'dist'), path.join(runtimeCopy, 'dist'), { recursive: true });
cpSync(path.join(repoRoot, 'runtime', 'package.json'), path.join(runtimeCopy, 'package.json'));

const appSource = `
//dd:span
async function work(x) {
  await null;
  return x + 1;
}
`;

// The check itself: @opentelemetry/api is really out of reach, the bridge is not chosen, and the
// context manager still works on its own.
const scenario = (load) => `
${load}
let reachable = true;
try {
  requireForCheck.resolve('@opentelemetry/api');
} catch {
  reachable = false;
}
const manager = new DdSpanContextManager();
const root = manager.active();
const marked = root.setValue(Symbol.for('k'), 'v');
configure({ tracer: createOpenTelemetryBridge() });
work(1).then((result) => {
  console.log(JSON.stringify({
    reachable,
    detected: detectOpenTelemetry(),
    result,
    inside: manager.with(marked, () => manager.active().getValue(Symbol.for('k'))),
  }));
});
`;

function run(file, code) {
  writeFileSync(path.join(directory, file), code);
  const child = spawnSync(process.execPath, [file], { cwd: directory, encoding: 'utf8' });
  assert.equal(child.stderr, '');
  assert.equal(child.status, 0);
  return JSON.parse(child.stdout);
}

const expected = { reachable: false, detected: null, result: 2, inside: 'v' };

test('as CommonJS: the bridge loads, finds no OpenTelemetry, and annotated code runs unchanged', () => {
  const { code } = compile(appSource, { filename: 'app.cjs', pluginOptions: { moduleStyle: 'require' } });
  const load = `
const requireForCheck = require;
const { configure } = require('dd-span-runtime');
const { createOpenTelemetryBridge, detectOpenTelemetry, DdSpanContextManager } = require('dd-span-runtime/opentelemetry');
${code}`;
  assert.deepEqual(run('app.cjs', scenario(load)), expected);
});

test('as ESM: the bridge loads, finds no OpenTelemetry, and annotated code runs unchanged', () => {
  const { code } = compile(appSource, { filename: 'app.mjs', sourceType: 'module', pluginOptions: { moduleStyle: 'import' } });
  const load = `
import { createRequire } from 'node:module';
import { configure } from 'dd-span-runtime';
import { createOpenTelemetryBridge, detectOpenTelemetry, DdSpanContextManager } from 'dd-span-runtime/opentelemetry';
const requireForCheck = createRequire(import.meta.url);
${code}`;
  assert.deepEqual(run('app.mjs', scenario(load)), expected);
});

test("the bridge's type declarations do not import @opentelemetry packages", () => {
  const importsOtel = /(?:from\s*|import\s*\(\s*|require\s*\(\s*)['"]@opentelemetry\//;
  for (const build of ['cjs', 'esm']) {
    const bridges = readdirSync(path.join(runtimeCopy, 'dist', build, 'bridges'))
      .filter((file) => file.startsWith('opentelemetry') && file.endsWith('.d.ts'))
      .map((file) => `bridges/${file}`);
    assert.ok(bridges.length > 0);
    for (const file of ['opentelemetry.d.ts', ...bridges]) {
      // Comments may show how an application imports OpenTelemetry; only the declarations count.
      const declarations = readFileSync(path.join(runtimeCopy, 'dist', build, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
      assert.doesNotMatch(declarations, importsOtel, `${build}/${file}`);
    }
  }
});
