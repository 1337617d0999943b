// Runs node's test runner on the *.test.mjs files under the given folders. Node 20's runner treats
// every file inside a `test/` folder as a test, support modules included, and has no globs: this
// names the test files explicitly. Usage: node scripts/test.mjs <folder>...
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

function testFiles(folder) {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.test.mjs'))
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name))
    .filter((file) => !file.split(path.sep).includes('node_modules'))
    .sort();
}

const folders = process.argv.slice(2);
const files = folders.flatMap(testFiles);
if (files.length === 0) {
  console.error(`no *.test.mjs files under ${folders.join(', ')}`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
