/**
 * The runtime's entry in Node (the `node` export condition): everything `dd-span-runtime` exports,
 * plus the automatic choice of a tracer and `DD_PROFILING_ENABLED`. Browsers get the plain entry,
 * which never pulls in the dd-trace or OpenTelemetry bridges.
 */
import { startAutomaticSelection } from './auto.js';
import { startProfilingIfAsked } from './profiling.js';

export * from './index.js';

startProfilingIfAsked();
startAutomaticSelection();
