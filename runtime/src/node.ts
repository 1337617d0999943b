/**
 * The runtime's entry in Node (the `node` export condition): everything `dd-span-runtime` exports,
 * plus the DD_* environment variables, the automatic choice of a tracer and `DD_PROFILING_ENABLED`.
 * Browsers get the plain entry, which never pulls in the environment parser or the dd-trace and
 * OpenTelemetry bridges.
 */
import { startAutomaticSelection } from './auto.js';
import { setUpFromNode } from './environment.js';
import { startProfilingIfAsked } from './profiling.js';

export * from './index.js';

setUpFromNode();
startProfilingIfAsked();
startAutomaticSelection();
