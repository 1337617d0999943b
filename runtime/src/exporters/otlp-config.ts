/**
 * Options of the OTLP exporter, resolved against the runtime's configuration (`configure()`, and in
 * Node DD_SERVICE, DD_ENV, DD_VERSION) and, in Node, the environment variables (otlp-env.ts).
 */
import { state } from '../state.js';

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

/** A resource attribute with a string value. */
export type ResourceAttribute = [key: string, value: string];

/** What stands in for options that are not given: in Node, the environment variables (otlp-env.ts). */
export interface OtlpFallbacks {
  readonly endpoint?: string | undefined;
  readonly headers?: Record<string, string> | undefined;
  readonly service?: string | undefined;
  readonly env?: string | undefined;
  readonly version?: string | undefined;
}

/** The settings an exporter runs with. */
export interface OtlpSettings {
  readonly endpoint: string;
  readonly headers: Record<string, string>;
  /** `service.name` of spans that name none themselves. */
  readonly service: string;
  /** `deployment.environment` and `service.version`, when known. */
  readonly resource: ResourceAttribute[];
}

const DEFAULT_ENDPOINT = 'http://localhost:4318/v1/traces';

/** `url` parsed, or a TypeError that names where it came from and what is accepted. */
export function parseUrl(url: string, from: string): URL {
  try {
    // In a page, a relative endpoint (`/v1/traces`) means the page's own origin.
    const parsed = new URL(url, (globalThis as { location?: { href?: string } }).location?.href);
    if (/^https?:$/.test(parsed.protocol)) return parsed;
  } catch {
    // Reported below.
  }
  throw new TypeError(`dd-span-runtime/otlp: ${from} ${JSON.stringify(url)} is not an http(s) URL such as ${DEFAULT_ENDPOINT}`);
}

/** Options first, then the runtime's configuration and `fallbacks`, then defaults. Throws only for an unusable endpoint. */
export function resolveSettings(options: OtlpExporterOptions, fallbacks: OtlpFallbacks = {}): OtlpSettings {
  const runtime = state.config;
  // Those that are known.
  const resource = [
    ['deployment.environment', options.env ?? runtime.env ?? fallbacks.env],
    ['service.version', options.version ?? runtime.version ?? fallbacks.version],
  ].filter((attribute): attribute is ResourceAttribute => !!attribute[1]);
  let endpoint = fallbacks.endpoint ?? DEFAULT_ENDPOINT;
  if (options.endpoint !== undefined) {
    const url = parseUrl(options.endpoint, 'option endpoint');
    if (url.pathname === '/') url.pathname = '/v1/traces';
    endpoint = url.href;
  }
  return {
    endpoint,
    headers: { ...(options.headers ?? fallbacks.headers), 'content-type': 'application/json' },
    service: options.serviceName ?? runtime.service ?? fallbacks.service ?? 'unknown_service',
    resource,
  };
}
