'use strict';
// Jest runs each test file in a sandbox with a module registry of its own, where a preloaded recorder
// is out of reach: the recorder is loaded inside the sandbox (setupFilesAfterEnv) and reports after
// the file's tests.
const { startTally } = require('./tally.cjs');

const { drain, write } = startTally();
afterEach(drain);
afterAll(write);
