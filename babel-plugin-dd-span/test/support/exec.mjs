// Runs source code as a CommonJS module body, either as written or compiled with the plugin, so
// that exec tests can compare the two side by side in one process. Compiled code reaches the real
// dd-span-runtime build through `require`, while tests import 'dd-span-runtime/testing' as ESM: the
// two builds must share one state for any span to be seen.
import { createRequire } from 'node:module';
import path from 'node:path';
import { babel, compile, presetTypescriptPath, repoRoot } from './babel.mjs';

const requireFromRepo = createRequire(path.join(repoRoot, 'package.json'));

function evaluate(code, filename) {
  const module = { exports: {} };
  const run = new Function('module', 'exports', 'require', `${code}\n//# sourceURL=${filename}`);
  run(module, module.exports, requireFromRepo);
  return module.exports;
}

const typescriptPresets = (filename) => (filename.endsWith('.ts') ? [[presetTypescriptPath, {}]] : []);

/** The module's exports when `source` runs as written (TypeScript only has its types stripped). */
export function runOriginal(source, { filename = 'original.js' } = {}) {
  const code = filename.endsWith('.ts')
    ? babel.transformSync(source, { filename, babelrc: false, configFile: false, presets: typescriptPresets(filename) }).code
    : source;
  return evaluate(code, filename);
}

/** The module's exports when `source` runs compiled with the dd-span plugin. */
export function runInstrumented(source, { filename = 'instrumented.js', pluginOptions = {}, ...extra } = {}) {
  const { code } = compile(source, {
    filename,
    sourceType: 'script',
    pluginOptions: { moduleStyle: 'require', ...pluginOptions },
    presets: typescriptPresets(filename),
    ...extra,
  });
  return evaluate(code, filename);
}
