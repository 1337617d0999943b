// Compiles benchmark fixtures with the workspace's Babel 7 and babel-plugin-dd-span, into
// bench/.tmp (ignored by git, inside the repository so that `dd-span-runtime` resolves as it does
// for an application).
import { mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { benchDir, repoRoot } from './child.mjs';

export const requireFromRoot = createRequire(path.join(repoRoot, 'package.json'));
export const tmpDir = path.join(benchDir, '.tmp');

/** Writes `source` compiled (with the plugin when `instrumented`) as a CommonJS file, and returns its path. */
export function compileFixture(name, source, { instrumented }) {
  const babel = requireFromRoot('@babel/core');
  mkdirSync(tmpDir, { recursive: true });
  const file = path.join(tmpDir, `${name}.${instrumented ? 'instrumented' : 'plain'}.${process.pid}.cjs`);
  const { code } = babel.transformSync(source, {
    filename: file,
    babelrc: false,
    configFile: false,
    sourceType: 'script',
    plugins: instrumented ? [[path.join(repoRoot, 'babel-plugin-dd-span'), { moduleStyle: 'require' }]] : [],
  });
  writeFileSync(file, code);
  return file;
}

/** Compiles `source` (with the plugin when `instrumented`) and loads it. */
export function loadFixture(name, source, { instrumented }) {
  const file = compileFixture(name, source, { instrumented });
  try {
    return requireFromRoot(file);
  } finally {
    unlinkSync(file);
  }
}
