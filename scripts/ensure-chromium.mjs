// The browser tests drive Debian's Chromium (/usr/bin/chromium). `npm test` runs this first so that a
// fresh machine needs nothing installed by hand: as root on Debian it installs the package; elsewhere
// it says what to install, and the browser tests then fail with the same message.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';

if (!existsSync(CHROMIUM)) {
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canInstall) {
    console.error(`The browser tests need Debian's Chromium at ${CHROMIUM}: install it with \`apt-get install chromium\`.`);
  } else {
    console.log(`Installing Debian's chromium for the browser tests (${CHROMIUM} is missing)…`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    for (const args of [['update', '-qq'], ['install', '-y', '-qq', 'chromium']]) {
      const result = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
      if (result.status !== 0) {
        console.error(`apt-get ${args.join(' ')} failed (exit ${result.status}); the browser tests will fail.`);
        break;
      }
    }
  }
}
