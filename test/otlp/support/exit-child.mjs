// A tiny app for exit.test.mjs: it traces three calls and then simply ends, with nothing left to do
// but the exporter's. Arguments: endpoint, exitTimeoutMillis, and "shutdown" to end with an
// explicit `await tracer.shutdown()`. Prints the exporter's stats as it exits.
import { configure, instrumentation } from 'dd-span-runtime';
import { createOtlpTracer } from 'dd-span-runtime/otlp';
import { callInstrumented } from './instrumented.mjs';

const [endpoint, exitTimeoutMillis, ending] = process.argv.slice(2);
const tracer = createOtlpTracer({ endpoint, exitTimeoutMillis: Number(exitTimeoutMillis), serviceName: 'exit-child' });
configure({ tracer });
process.on('exit', () => process.stdout.write(JSON.stringify(tracer.stats())));

const { site } = instrumentation;
const handle = site('handle');
const load = site('load');
const save = site('save');
callInstrumented(handle, () => {
  callInstrumented(load, () => 1);
  callInstrumented(save, () => 2);
});

if (ending === 'shutdown') await tracer.shutdown();
