/**
 * The runtime's entry in Node (the `node` export condition): everything `dd-span-runtime` exports,
 * plus the DD_* environment variables, the automatic choice of a tracer, `DD_PROFILING_ENABLED`,
 * and the fetch integration's view of the tracers that trace fetch in Node. Browsers get the plain
 * entry, which never pulls in the environment parser, the dd-trace and OpenTelemetry bridges, or
 * Node's diagnostics channels.
 */
import { startAutomaticSelection } from './auto.js';
import { setUpFromNode } from './environment.js';
import { watchNodeFetchTracers } from './integrations/fetch-node.js';
import { startProfilingIfAsked } from './profiling.js';

export * from './index.js';

setUpFromNode();
startProfilingIfAsked();
startAutomaticSelection();
watchNodeFetchTracers();
