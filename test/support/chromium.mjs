// Real headless Chromium (Debian's package), driven by playwright-core, with a fresh profile each time.
// CI installs it with apt in .ci/run; a missing binary is a failure with instructions, never a skip.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

// Chromium logs every HTTP error status as a console error; tests check statuses at the server.
const NETWORK_LOG = /^Failed to load resource: /;

/**
 * Starts Chromium with a new user-data-dir and opens one page. `logs` collects the text of each
 * `console.log`; `problems` collects uncaught page errors and the page's console errors, which a
 * test expects to stay empty.
 */
export async function openChromium() {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is needed at ${CHROMIUM_PATH} for the browser tests: run \`apt-get install chromium\` (CI does so in .ci/run).`);
  }
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'dd-span-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM_PATH, args: ARGS, headless: true });
  const page = context.pages()[0] ?? (await context.newPage());
  const logs = [];
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.stack ?? error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'log') logs.push(message.text());
    if (message.type() === 'error' && !NETWORK_LOG.test(message.text())) problems.push(`console error: ${message.text()}`);
  });
  return {
    page,
    logs,
    problems,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
