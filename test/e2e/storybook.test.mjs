// examples/storybook end to end: `storybook build` (webpack 5; the Babel compiler addon replaces SWC,
// so babel.config.js and babel-preset-dd apply) must emit an instrumented component, whose story,
// opened in headless Chromium and clicked, prints its traces through the console tracer set up in
// .storybook/preview.js. Storybook's caches go to a temporary folder: a babel-loader cache left from
// an earlier run would hide a change in the plugin.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startAppServer } from '../support/app-server.mjs';
import { openChromium } from '../support/chromium.mjs';

const example = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples/storybook');

let work;
let outputDir;
let server;
let browser;

before(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'dd-span-storybook-'));
  outputDir = path.join(work, 'out');
  const result = spawnSync('npx', ['storybook', 'build', '--quiet', '--disable-telemetry', '--output-dir', outputDir], {
    cwd: example,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', STORYBOOK_DISABLE_TELEMETRY: '1', CACHE_DIR: path.join(work, 'cache') },
  });
  assert.equal(result.status, 0, `storybook build failed:\n${result.stdout}\n${result.stderr}`);
  server = await startAppServer({ root: outputDir, routes: {} });
  browser = await openChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

test('the story bundle declares span sites for the annotated component and its handler', async () => {
  const [file] = (await readdir(outputDir)).filter((name) => /^Rating-stories\..*\.js$/.test(name));
  const bundle = await readFile(path.join(outputDir, file), 'utf8');
  assert.match(bundle, /\.site\("Rating", ?\["function-name", ?"Rating", ?"component", ?"Rating"\]\)/);
  assert.match(bundle, /\.site\("rate", ?\["ui\.action", ?"rate"\]\)/);
  for (const call of ['.start(', '.ret(', '.end(']) assert.ok(bundle.includes(call), `no ${call} call`);
});

test('the built story renders and, clicked, prints the render and the click as traces', async () => {
  const { page } = browser;
  await page.goto(`${server.origin}/iframe.html?id=rating--three-of-five&viewMode=story`);
  const stars = page.getByRole('radio');
  await page.getByRole('radio', { checked: true }).nth(2).waitFor({ timeout: 15000 });
  await stars.nth(4).click();
  await page.getByRole('radio', { checked: true }).nth(4).waitFor({ timeout: 10000 });

  const traces = browser.logs.filter((text) => text.startsWith('trace ')).map((block) => block.split('\n')[1].split(/\s+/)[0]);
  assert.deepEqual(traces, ['Rating', 'rate', 'Rating']);
  assert.deepEqual(browser.problems, []);
});
