/**
 * Options of the OTLP exporter, and the settings that fall back to environment variables: the
 * OpenTelemetry exporter variables here, `DD_SERVICE`/`DD_ENV`/`DD_VERSION`/`DD_TRACE_DEBUG` through
 * the runtime's own configuration. Browsers have no `process`: there every variable reads as unset.
 */
import { processEnvironment } from '../config.js';
import { state } from '../state.js';
import { attribute, type KeyValue } from './otlp-json.js';

/** Options of `createOtlpExporter` and `createOtlpTracer`. */
export interface OtlpExporterOptions {
  /**
   * The URL spans are POSTed to. A URL with no path (`http://collector:4318`) gets `/v1/traces`.
   * Default: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` as it is, else `OTEL_EXPORTER_OTLP_ENDPOINT` +
   * `/v1/traces`, else `http://localhost:4318/v1/traces`.
   */
  endpoint?: string;
  /** Extra request headers. Default: `OTEL_EXPORTER_OTLP_TRACES_HEADERS` or `OTEL_EXPORTER_OTLP_HEADERS` (`k=v,k2=v2`). */
  headers?: Record<string, string>;
  /** `service.name` of spans whose directive names no service. Default: the runtime's service (`DD_SERVICE`), else `unknown_service`. */
  serviceName?: string;
  /** `deployment.environment`. Default: the runtime's env (`DD_ENV`). */
  env?: string;
  /** `service.version`. Default: the runtime's version (`DD_VERSION`). */
  version?: string;
  /** Spans waiting to be sent, at most; more are dropped and counted. Default 2048. */
  maxQueueSize?: number;
  /** Spans per request, at most. Default 512. */
  maxBatchSize?: number;
  /** How long a span may wait for its batch to fill. Default 5000. */
  scheduledDelayMillis?: number;
  /** How long one request may take before it is abandoned (and retried). Default 10000. */
  exportTimeoutMillis?: number;
  /** The first wait before a retry; it doubles at each one, with jitter. Default 1000. */
  retryDelayMillis?: number;
  /** In Node, how long the exit flush (on `beforeExit`) may hold the process, at most. Default 2000. */
  exitTimeoutMillis?: number;
}

/** The settings that depend on the environment. */
export interface OtlpEnvironmentConfig {
  readonly endpoint: string;
  readonly headers: Record<string, string>;
  /** `service.name` of spans that name none themselves. */
  readonly service: string;
  /** `deployment.environment` and `service.version`, when known. */
  readonly resource: KeyValue[];
}

const DEFAULT_ENDPOINT = 'http://localhost:4318/v1/traces';

/** `k=v,k2=v2`, percent-encoded, as the OpenTelemetry specification defines it. A malformed pair is skipped. */
function parseHeaders(text = ''): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const at = pair.indexOf('=');
    try {
      if (at > 0) headers[decodeURIComponent(pair.slice(0, at).trim())] = decodeURIComponent(pair.slice(at + 1).trim());
    } catch {
      // A bad escape costs that header, not every span.
    }
  }
  return headers;
}

/** `url` parsed, or a TypeError that names where it came from and what is accepted. */
function parseUrl(url: string, from: string): URL {
  try {
    // In a page, a relative endpoint (`/v1/traces`) means the page's own origin.
    const parsed = new URL(url, (globalThis as { location?: { href?: string } }).location?.href);
    if (/^https?:$/.test(parsed.protocol)) return parsed;
  } catch {
    // Reported below.
  }
  throw new TypeError(`dd-span-runtime/otlp: ${from} ${JSON.stringify(url)} is not an http(s) URL such as ${DEFAULT_ENDPOINT}`);
}

function withTracesPath(url: string): string {
  return url.replace(/\/?$/, '/v1/traces');
}

function resolveEndpoint(option: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  if (option !== undefined) {
    const url = parseUrl(option, 'option endpoint');
    if (url.pathname === '/') url.pathname = '/v1/traces';
    return url.href;
  }
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (traces) parseUrl(traces, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  else if (base) parseUrl(base, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  return traces || (base ? withTracesPath(base) : DEFAULT_ENDPOINT);
}

/** Options first, then environment variables, then defaults. Throws only for an unusable endpoint. */
export function resolveConfig(options: OtlpExporterOptions): OtlpEnvironmentConfig {
  const env = processEnvironment();
  const runtime = state.config;
  const environment = options.env ?? runtime.env;
  const version = options.version ?? runtime.version;
  const resource: KeyValue[] = [];
  if (environment) resource.push(attribute('deployment.environment', environment));
  if (version) resource.push(attribute('service.version', version));
  return {
    endpoint: resolveEndpoint(options.endpoint, env),
    headers: {
      ...(options.headers ?? parseHeaders(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS ?? env.OTEL_EXPORTER_OTLP_HEADERS)),
      'content-type': 'application/json',
    },
    service: options.serviceName ?? runtime.service ?? 'unknown_service',
    resource,
  };
}
