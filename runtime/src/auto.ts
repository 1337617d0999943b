/**
 * Automatic choice of a tracer, in Node. In order: dd-trace when it is initialised in the process;
 * else OpenTelemetry when a global tracer provider is registered; else the built-in OTLP exporter
 * when `OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is set; else none.
 * `configure({ tracer })` (and `dd-span-runtime/testing`) overrides it for good.
 */
import { detectDdTrace } from './bridges/dd-trace.js';
import { detectOpenTelemetry } from './bridges/opentelemetry.js';
import { processEnvironment } from './config.js';
import { contain } from './guard.js';
import { createOtlpTracer } from './otlp.js';
import { debug, installTracer, state } from './state.js';
import type { Tracer } from './tracer.js';

function otlpFromEnvironment(): Tracer | null {
  const environment = processEnvironment();
  if (!environment.OTEL_EXPORTER_OTLP_ENDPOINT && !environment.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) {
    debug(() => 'the OTLP exporter was not chosen: neither OTEL_EXPORTER_OTLP_ENDPOINT nor OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set.');
    return null;
  }
  try {
    return createOtlpTracer();
  } catch (error) {
    // A malformed endpoint: say so once, clearly, and keep the app running untraced.
    console.error(String((error as Error)?.message ?? error));
    return null;
  }
}

/** The tracer automatic selection would choose now, or `null`. Never throws. */
export function selectTracer(): Tracer | null {
  try {
    return detectDdTrace() ?? detectOpenTelemetry() ?? otlpFromEnvironment();
  } catch (error) {
    contain(error);
    return null;
  }
}

/**
 * Looks for a tracer now and once more when the first instrumented module loads (tracing set-up
 * usually runs before the app's own modules). Stops at the first success or explicit choice.
 */
export function startAutomaticSelection(): void {
  if (state.autoSelectStarted) return;
  state.autoSelectStarted = true;
  let chances = 2;
  const attempt = () => {
    chances--;
    if (chances <= 0) state.autoSelect = undefined;
    const tracer = selectTracer();
    if (tracer !== null) {
      state.autoSelect = undefined;
      installTracer(tracer);
    }
  };
  state.autoSelect = attempt;
  attempt();
}
