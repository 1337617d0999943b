// Loads the Babel under test. The root run uses the workspace's Babel 7; the Babel 8 leg
// (test/babel8, on Node 24) points DD_BABEL_HOME at its own install. Every plugin test goes through
// here, so the whole suite runs under both majors.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
const babelHome = process.env.DD_BABEL_HOME ? path.resolve(process.env.DD_BABEL_HOME) : repoRoot;
const requireFromHome = createRequire(path.join(babelHome, 'package.json'));

const loaded = await import(pathToFileURL(requireFromHome.resolve('@babel/core')).href);
/** @type {typeof import('@babel/core')} */
export const babel = typeof loaded.transformSync === 'function' ? loaded : loaded.default;
export const babelMajor = Number(babel.version.split('.')[0]);

export const pluginPath = path.join(repoRoot, 'babel-plugin-dd-span');
export const presetPath = path.join(repoRoot, 'babel-preset-dd');
export const presetTypescriptPath = requireFromHome.resolve('@babel/preset-typescript');
export { repoRoot };

/**
 * Compiles `code` with the dd-span plugin (and whatever else `extra` adds), in isolation from any
 * babel.config.js. Returns Babel's result; `result.metadata.ddSpan.warnings` lists directive warnings.
 */
export function compile(code, { filename = 'input.js', pluginOptions = {}, plugins = [], presets = [], ...extra } = {}) {
  return babel.transformSync(code, {
    filename,
    babelrc: false,
    configFile: false,
    plugins: [[pluginPath, pluginOptions], ...plugins],
    presets,
    ...extra,
  });
}
