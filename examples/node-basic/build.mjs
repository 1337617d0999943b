// Compiles src/ into dist/ the way a project's own build would: Babel reads babel.config.json,
// which adds babel-plugin-dd-span. Source maps keep stack traces pointing at src/.
import babel from '@babel/core';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const src = path.join(here, 'src');
const dist = path.join(here, 'dist');

await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });

const files = (await readdir(src)).filter((name) => /\.[cm]?js$/.test(name)).sort();
for (const name of files) {
  const { code, map } = await babel.transformFileAsync(path.join(src, name), {
    cwd: here,
    sourceMaps: true,
    sourceFileName: `../src/${name}`,
  });
  await writeFile(path.join(dist, name), `${code}\n//# sourceMappingURL=${name}.map\n`);
  await writeFile(path.join(dist, `${name}.map`), JSON.stringify(map));
}
console.log(`compiled ${files.length} files from src/ into dist/ with babel-plugin-dd-span`);
