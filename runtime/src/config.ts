/**
 * The environment variables Datadog users already know, read once by the Node entry (see
 * environment.ts). In a browser there is no process environment: everything keeps its default, and
 * the build inlines service, env and version instead (see the plugin's options).
 */
export interface RuntimeConfig {
  /** `DD_TRACE_ENABLED` (default true): false makes every instrumented call a near no-op. */
  readonly enabled: boolean;
  /** `DD_TRACE_SAMPLE_RATE` (default 1): the share of traces the built-in tracers keep, decided at the root. */
  readonly sampleRate: number;
  /** `DD_TRACE_DEBUG` (default false): print why spans were dropped or a bridge was not chosen. */
  readonly debug: boolean;
  /** `DD_SERVICE`, or its aliases `DD_SERVICE_NAME`, `OTEL_SERVICE_NAME`. */
  readonly service?: string | undefined;
  /** `DD_ENV`. */
  readonly env?: string | undefined;
  /** `DD_VERSION`. */
  readonly version?: string | undefined;
  /** `DD_PROFILING_ENABLED` (default false): `true`/`auto` start dd-trace's profiler when dd-trace is installed. */
  readonly profiling: 'false' | 'true' | 'auto';
}

type Environment = Readonly<Record<string, string | undefined>>;

/** The configuration with no variable set: what browsers run with. */
export const DEFAULT_CONFIG: RuntimeConfig = { enabled: true, sampleRate: 1, debug: false, profiling: 'false' };

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

/** A variable's value trimmed, or undefined when it is unset or blank. */
function text(environment: Environment, name: string): string | undefined {
  return environment[name]?.trim() || undefined;
}

/** Unified service tagging: `DD_SERVICE` (or its aliases, in dd-trace's order), `DD_ENV`, `DD_VERSION`. */
export function readServiceTags(environment: Environment): Pick<RuntimeConfig, 'service' | 'env' | 'version'> {
  return {
    service: text(environment, 'DD_SERVICE') ?? text(environment, 'DD_SERVICE_NAME') ?? text(environment, 'OTEL_SERVICE_NAME'),
    env: text(environment, 'DD_ENV'),
    version: text(environment, 'DD_VERSION'),
  };
}

/** The configuration, and a message for every variable that was set to something it can't be. */
export function readConfig(environment: Environment): { config: RuntimeConfig; problems: string[] } {
  const problems: string[] = [];
  const flag = (name: string, fallback: boolean) => {
    const value = text(environment, name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (TRUE.has(value)) return true;
    if (FALSE.has(value)) return false;
    problems.push(`${name}=${JSON.stringify(environment[name])} is not a boolean (accepted: true, false, 1, 0); using ${fallback}.`);
    return fallback;
  };

  let sampleRate = 1;
  const rate = text(environment, 'DD_TRACE_SAMPLE_RATE');
  if (rate !== undefined) {
    const parsed = Number(rate);
    if (Number.isFinite(parsed) && parsed >= 0 && parsed <= 1) sampleRate = parsed;
    else problems.push(`DD_TRACE_SAMPLE_RATE=${JSON.stringify(rate)} is not a number from 0 to 1; using 1.`);
  }

  let profiling: RuntimeConfig['profiling'] = 'false';
  const profilingValue = text(environment, 'DD_PROFILING_ENABLED')?.toLowerCase();
  if (profilingValue === 'auto') profiling = 'auto';
  else if (profilingValue !== undefined && TRUE.has(profilingValue)) profiling = 'true';
  else if (profilingValue !== undefined && !FALSE.has(profilingValue)) {
    problems.push(`DD_PROFILING_ENABLED=${JSON.stringify(environment.DD_PROFILING_ENABLED)} is not a boolean or auto (accepted: true, false, auto, 1, 0); using false.`);
  }

  return {
    config: {
      enabled: flag('DD_TRACE_ENABLED', true),
      sampleRate,
      debug: flag('DD_TRACE_DEBUG', false),
      ...readServiceTags(environment),
      profiling,
    },
    problems,
  };
}

/** This process's environment, or an empty one where there is none (browsers). */
export function processEnvironment(): Environment {
  try {
    return (globalThis as { process?: { env?: Environment } }).process?.env ?? {};
  } catch {
    return {};
  }
}
