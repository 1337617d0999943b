// What the preset's tests share. Babel comes from the plugin's test support, so these tests also run
// under Babel 8 (`test/babel8`, which points DD_BABEL_HOME at its own install), with the presets that
// install holds.
import { createRequire } from 'node:module';
import path from 'node:path';
import { babel, presetPath, presetTypescriptPath, repoRoot } from '../../../babel-plugin-dd-span/test/support/babel.mjs';

const babelHome = process.env.DD_BABEL_HOME ? path.resolve(process.env.DD_BABEL_HOME) : repoRoot;
const requireFromHome = createRequire(path.join(babelHome, 'package.json'));
const requireFromRepo = createRequire(path.join(repoRoot, 'package.json'));

export { babel, presetPath, presetTypescriptPath, repoRoot };
export const presetEnvPath = requireFromHome.resolve('@babel/preset-env');

/** Compiles `code` with babel-preset-dd (`options`) and whatever `presets` come around it, in isolation from config files. */
export function transform(code, { filename = '/project/src/input.js', options = {}, presets, ...extra } = {}) {
  return babel.transformSync(code, {
    filename,
    babelrc: false,
    configFile: false,
    presets: presets ?? [[presetPath, options]],
    ...extra,
  });
}

/** Runs compiled CommonJS code as a module body; its `require` reaches the workspace's packages. */
export function evaluate(code, filename = 'compiled.js') {
  const module = { exports: {} };
  new Function('module', 'exports', 'require', `${code}\n//# sourceURL=${filename}`)(module, module.exports, requireFromRepo);
  return module.exports;
}

/** Runs `body` with the environment variables `values` set (`undefined` unsets), then puts them back. */
export async function withEnvironment(values, body) {
  const saved = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  const apply = (entries) => {
    for (const [name, value] of Object.entries(entries)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(values);
  try {
    return await body();
  } finally {
    apply(saved);
  }
}
