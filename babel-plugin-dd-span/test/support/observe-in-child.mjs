// Child-process side of `observeInstrumentedWithoutAsyncLocalStorage`: reads a JSON object
// (name → module source) from stdin, observes each compiled module in turn, prints the results.
import { observeInstrumented } from './exec.mjs';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = {};
for (const [name, source] of Object.entries(JSON.parse(input))) results[name] = await observeInstrumented(source);
process.stdout.write(JSON.stringify({ getBuiltinModule: typeof process.getBuiltinModule, results }));
