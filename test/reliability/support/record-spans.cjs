'use strict';
// Preloaded with NODE_OPTIONS=--require into every Node process a suite starts, before any module of
// the package under test: the in-memory recorder is the tracer from the first call on.
const { startTally } = require('./tally.cjs');

const { drain, write } = startTally();
setInterval(drain, 100).unref();
process.on('exit', write);
