// The dd-trace under test. The root run uses the workspace's dd-trace 5 on Node 20; the Node 24 leg
// (test/babel8) points DD_TRACE_HOME at its own install of dd-trace 6. Every dd-trace test, the code
// it compiles and every child process it starts get dd-trace from here, so the whole suite runs
// against both majors; dd-trace-version.test.mjs checks that a leg loaded the major it expects.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The folder whose node_modules hold the dd-trace under test. */
export const ddTraceHome = process.env.DD_TRACE_HOME ? path.resolve(process.env.DD_TRACE_HOME) : repoRoot;
const requireFromHome = createRequire(path.join(ddTraceHome, 'package.json'));

/**
 * What `require('dd-trace')` loads, as an absolute path. Code that requires this path shares the
 * instance this process loaded (one module cache).
 */
export const ddTracePath = requireFromHome.resolve('dd-trace');

/** `dd-trace/init`, for `node -r`. */
export const ddTraceInitPath = requireFromHome.resolve('dd-trace/init');

/** The package folder of the dd-trace under test (where TypeScript finds its types). */
export const ddTraceDir = path.dirname(requireFromHome.resolve('dd-trace/package.json'));

/** Its package.json. */
export const ddTracePackage = requireFromHome(path.join(ddTraceDir, 'package.json'));

/** Its version. */
export const ddTraceVersion = ddTracePackage.version;

/** Its major version. */
export const ddTraceMajor = Number(ddTraceVersion.split('.')[0]);

/** The dd-trace tracer, loaded in this process (not initialised). */
export const loadDdTrace = () => requireFromHome(ddTracePath);

/**
 * NODE_PATH for a child that runs a file from outside the repository: its `require('dd-trace')`
 * finds the dd-trace under test first, and everything else in the workspace.
 */
export const childNodePath = [...new Set([ddTraceHome, repoRoot])].map((dir) => path.join(dir, 'node_modules')).join(path.delimiter);
