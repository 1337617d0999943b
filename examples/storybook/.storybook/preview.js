import { configure, createConsoleTracer } from 'dd-span-runtime';

// Every story render and interaction prints its trace in the browser console.
configure({ tracer: createConsoleTracer() });

export default {};
