// Compiles fixtures/http-server.js with babel-plugin-dd-span into a temporary folder and runs it
// the way a dd-trace user does: `node -r dd-trace/init server.js`, with the Agent URL pointing at
// the stand-in.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from '../../../babel-plugin-dd-span/test/support/babel.mjs';
import { ddTraceEnv } from './dd-trace-env.mjs';
import { childNodePath, ddTraceInitPath } from './dd-trace-module.mjs';

const fixture = fileURLToPath(new URL('../fixtures/http-server.js', import.meta.url));

/** The fixture compiled into a fresh temporary folder; returns the folder and the file. */
function compileFixture() {
  const { code } = compile(readFileSync(fixture, 'utf8'), { filename: 'server.js', sourceType: 'script' });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dd-span-dd-trace-'));
  const file = path.join(dir, 'server.js');
  writeFileSync(file, code);
  return { dir, file };
}

/**
 * Starts the compiled server; resolves once it listens, with the port and what it reported about
 * the bridge. Rejects when it exits first or stays silent for `timeoutMs`.
 */
export function startTracedServer({ agentUrl, downstreamUrl, service, timeoutMs = 20_000 }) {
  const { dir, file } = compileFixture();
  const child = spawn(process.execPath, ['-r', ddTraceInitPath, file], {
    cwd: dir,
    env: {
      ...process.env,
      ...ddTraceEnv(agentUrl, { service }),
      DOWNSTREAM_URL: downstreamUrl,
      // The compiled file sits outside the repository; this lets its `require`s find the dd-trace
      // under test and the workspace.
      NODE_PATH: childNodePath,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill();
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };

  return new Promise((resolve, reject) => {
    let stdout = '';
    let settled = false;
    const settle = () => {
      const first = !settled;
      settled = true;
      clearTimeout(timer);
      return first;
    };
    const fail = async (reason) => {
      if (!settle()) return;
      await stop();
      reject(new Error(`${reason}\nstdout: ${stdout}\nstderr: ${stderr}`));
    };
    const timer = setTimeout(() => fail(`the server did not start within ${timeoutMs} ms`), timeoutMs);
    child.once('exit', (code, signal) => fail(`the server exited before listening (code ${code}, signal ${signal})`));
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      stdout += chunk;
      const end = stdout.indexOf('\n');
      if (settled || end === -1) return;
      let ready;
      try {
        ready = JSON.parse(stdout.slice(0, end));
      } catch {
        fail(`the server printed ${JSON.stringify(stdout.slice(0, end))} instead of its ready line`);
        return;
      }
      settle();
      resolve({ ...ready, url: `http://127.0.0.1:${ready.port}`, stop, stderr: () => stderr });
    });
  });
}
