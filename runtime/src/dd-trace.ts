/**
 * `dd-span-runtime/dd-trace`: directive spans through dd-trace, in Node.
 *
 * ```js
 * // node -r dd-trace/init app.js
 * const { configure } = require('dd-span-runtime');
 * const { createDdTraceBridge } = require('dd-span-runtime/dd-trace');
 * configure({ tracer: createDdTraceBridge() });
 * ```
 */
export { createDdTraceBridge, detectDdTrace, type DdTraceBridge } from './bridges/dd-trace.js';
export type { DdTraceTracer, DdTraceSpan, DdTraceScope } from './bridges/dd-trace-types.js';
