// Every measurement that needs its own process (an environment variable read at load, a tracer that
// patches the process, another Node version) runs a worker script as a child. The worker prints one
// JSON document as its last line of standard output; anything it logs before goes to the terminal.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = path.resolve(benchDir, '..');
/** The install of the Babel 8 leg (test/babel8), which also holds dd-trace 6. */
export const babel8Home = path.join(repoRoot, 'test/babel8');
/** The Node 24 binary of the Babel 8 leg. */
export const node24 = path.join(babel8Home, 'node_modules/.bin/node');

/** Runs `node [nodeArgs] script args` and resolves with the JSON it printed last. Rejects on a non-zero exit. */
export function runWorker(script, args = [], { node = process.execPath, nodeArgs = [], env = {} } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(node, [...nodeArgs, path.join(benchDir, script), ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = out.trimEnd().split('\n');
      const last = lines.pop() ?? '';
      if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
      if (code !== 0) return reject(new Error(`${script} ${args.join(' ')} exited with ${code}`));
      try {
        resolve(JSON.parse(last));
      } catch {
        reject(new Error(`${script} ${args.join(' ')} printed no JSON result: ${last.slice(0, 200)}`));
      }
    });
  });
}

/** What a worker calls to hand its result back. */
export function reply(result) {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
