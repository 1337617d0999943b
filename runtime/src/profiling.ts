/**
 * `DD_PROFILING_ENABLED=true` (or `auto`) in Node starts dd-trace's continuous profiler. When
 * dd-trace is already initialised it reads the variable itself; when it is installed but not started,
 * it is started here with profiling on (its tracer then becomes our tracer too); when it is not
 * installed, one warning says what to install.
 */
import { requireFromApp } from './node-builtin.js';
import { state } from './state.js';

type DdTrace = { init(options: { profiling: boolean }): unknown; _initialized?: boolean };

export function startProfilingIfAsked(): void {
  if (state.config.profiling === 'false') return;
  if ((globalThis as { _ddtrace?: DdTrace })._ddtrace?._initialized === true) return;
  let ddTrace: DdTrace;
  try {
    ddTrace = requireFromApp()!('dd-trace') as DdTrace;
  } catch {
    console.warn(
      'dd-span-runtime: DD_PROFILING_ENABLED is set, but dd-trace is not installed. Install it (`npm install dd-trace`) ' +
        'and start the app with `node -r dd-trace/init` to profile it.',
    );
    return;
  }
  try {
    ddTrace.init({ profiling: true });
  } catch (error) {
    console.warn(`dd-span-runtime: DD_PROFILING_ENABLED is set, but dd-trace failed to start: ${String(error)}`);
  }
}
