import path from 'node:path';
import { globToRegExp } from './glob.js';

/** A glob (relative to the directory of the config that lists the preset, or absolute), a RegExp (tested on the absolute path), or a function of the absolute path. */
export type FilePattern = string | RegExp | ((filename: string) => boolean);

interface Matcher {
  matches(absolute: string, relative: string): boolean;
  /** An include that names `node_modules` (or a function, which decides knowingly) may reach into it. */
  readonly reachesNodeModules: boolean;
}

const toSlashes = (file: string): string => file.split(path.sep).join('/');
const isAbsoluteGlob = (glob: string): boolean => glob.startsWith('/') || /^[A-Za-z]:[\\/]/.test(glob);

function matcher(pattern: FilePattern): Matcher {
  if (typeof pattern === 'function') return { matches: (absolute) => pattern(absolute) === true, reachesNodeModules: true };
  if (pattern instanceof RegExp) {
    // `search` ignores `lastIndex`: a /g RegExp answers the same for every file.
    return { matches: (absolute) => absolute.search(pattern) !== -1, reachesNodeModules: pattern.source.includes('node_modules') };
  }
  const glob = toSlashes(pattern.replace(/^\.\//, ''));
  const regexp = globToRegExp(isAbsoluteGlob(pattern) ? toSlashes(pattern) : glob);
  const absoluteGlob = isAbsoluteGlob(pattern);
  return {
    matches: (absolute, relative) => regexp.test(absoluteGlob ? absolute : relative),
    reachesNodeModules: pattern.split(/[\\/]/).includes('node_modules'),
  };
}

/**
 * Which files the preset instruments. With no `include`, every file but those under `node_modules`;
 * with one, only the files it matches. A file under `node_modules` is processed only when an
 * include that names `node_modules` matches it (`node_modules/my-lib/**`, not `**\/*.js`). `exclude`
 * wins over everything. A file Babel was given no name for is processed when there is no `include`.
 */
export function createFileFilter(
  include: readonly FilePattern[] | undefined,
  exclude: readonly FilePattern[],
  base: string,
): (filename: string | null | undefined) => boolean {
  const includes = include?.map(matcher);
  const excludes = exclude.map(matcher);
  return (filename) => {
    if (typeof filename !== 'string') return includes === undefined;
    const absolute = toSlashes(path.resolve(base, filename));
    const relative = toSlashes(path.relative(base, absolute));
    if (excludes.some((m) => m.matches(absolute, relative))) return false;
    const inNodeModules = relative.split('/').includes('node_modules');
    if (includes === undefined) return !inNodeModules;
    return includes.some((m) => m.matches(absolute, relative) && (!inNodeModules || m.reachesNodeModules));
  };
}
