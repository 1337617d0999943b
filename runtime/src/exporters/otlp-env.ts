/**
 * In Node, the environment variables stand in for options that are not given: the OpenTelemetry
 * exporter variables, and DD_SERVICE, DD_ENV and DD_VERSION read here too, so that they count also
 * where the OTLP entry is loaded without the main one (which reads them into the runtime's
 * configuration). The browser entry leaves this out: a page has no environment.
 */
import { processEnvironment, readServiceTags } from '../config.js';
import { parseUrl, type OtlpExporterOptions, type OtlpFallbacks } from './otlp-config.js';

/** `k=v,k2=v2`, percent-encoded, as the OpenTelemetry specification defines it. A malformed pair is skipped. */
function parseHeaders(text: string): Record<string, string> {
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

/** The fallbacks for `options`. Throws when the endpoint variable that would be used is not an http(s) URL. */
export function environmentFallbacks(options: OtlpExporterOptions): OtlpFallbacks {
  const env = processEnvironment();
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  // An endpoint option makes the variables irrelevant, even malformed ones.
  if (options.endpoint === undefined) {
    if (traces) parseUrl(traces, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
    else if (base) parseUrl(base, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  }
  const headers = env.OTEL_EXPORTER_OTLP_TRACES_HEADERS ?? env.OTEL_EXPORTER_OTLP_HEADERS;
  return {
    endpoint: traces || (base ? base.replace(/\/?$/, '/v1/traces') : undefined),
    headers: headers === undefined ? undefined : parseHeaders(headers),
    ...readServiceTags(env),
  };
}
