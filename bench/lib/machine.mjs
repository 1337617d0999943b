import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { node24 } from './child.mjs';

/** The machine a run measured: what a reader needs to compare it with theirs. */
export function describeMachine() {
  const cpus = os.cpus();
  let node24Version = 'n/a';
  try {
    node24Version = execFileSync(node24, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    // The Babel 8 leg is not installed: its rows are missing, and the table says so.
  }
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node20: process.version,
    node24: node24Version,
  };
}
