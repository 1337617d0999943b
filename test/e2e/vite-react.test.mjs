// examples/vite-react end to end: Vite 8 runs babel-preset-dd through @rolldown/plugin-babel, which
// reads no babel.config.js and needs Node >= 22.12, so the build runs on the Node 24 binary of the
// Babel 8 leg. The bundle must carry the instrumentation, and, opened in headless Chromium and
// clicked, print its traces through the runtime's console tracer.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startAppServer } from '../support/app-server.mjs';
import { openChromium } from '../support/chromium.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const example = path.join(repo, 'examples/vite-react');
const node24 = path.join(repo, 'test/babel8/node_modules/.bin/node');

let outDir;
let bundle;
let server;
let browser;

before(async () => {
  assert.ok(existsSync(node24), `Node 24 is needed at ${node24} for Vite 8's Babel plugin: run \`npm ci\`, which installs test/babel8.`);
  outDir = await mkdtemp(path.join(tmpdir(), 'dd-span-vite-'));
  const result = spawnSync(node24, [path.join(repo, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', outDir, '--emptyOutDir'], {
    cwd: example,
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, `vite build failed:\n${result.stdout}\n${result.stderr}`);
  const assets = path.join(outDir, 'assets');
  const [script] = (await readdir(assets)).filter((file) => file.endsWith('.js'));
  // The minifier picks its own quotes.
  bundle = (await readFile(path.join(assets, script), 'utf8')).replace(/[`']/g, '"');
  server = await startAppServer({ root: outDir, routes: {} });
  browser = await openChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

test('the bundle declares a span site for each annotated function, with its tags', () => {
  assert.ok(bundle.includes('.site("nextValue",["function-name","nextValue"])'));
  assert.ok(bundle.includes('.site("Counter",["function-name","Counter","component","Counter"])'));
  assert.ok(bundle.includes('.site("increment",["ui.action","increment"])'));
  for (const call of ['.start(', '.ret(', '.end(']) assert.ok(bundle.includes(call), `no ${call} call`);
  assert.ok(!bundle.includes('.fail('), 'the generated catch calls nothing: end records the thrown value');
});

/** A printed trace as `name` lines, indented two spaces per level below the root. */
function outline(block) {
  return block
    .split('\n')
    .slice(1)
    .filter((line) => line !== '')
    .map((line) => {
      const [, prefix, name] = /^((?:[│ ] {2}|[├└]─ )*)(\S+)/.exec(line);
      return `${'  '.repeat(prefix.length / 3)}${name}`;
    });
}

test('clicking the built app works as written and prints each render and click as its own trace', async () => {
  const { page } = browser;
  await page.goto(server.origin);
  await page.getByRole('button', { name: 'Count: 0' }).click();
  await page.getByRole('button', { name: 'Count: 2' }).click();
  await page.getByRole('button', { name: 'Count: 4' }).waitFor({ timeout: 10000 });

  const traces = browser.logs.filter((text) => text.startsWith('trace ')).map(outline);
  assert.deepEqual(traces, [['Counter'], ['increment', '  nextValue'], ['Counter'], ['increment', '  nextValue'], ['Counter']]);
  assert.deepEqual(browser.problems, []);
});
