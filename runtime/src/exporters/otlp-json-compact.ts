/**
 * FinishedSpan → OTLP/HTTP JSON for the browser build: the request as objects, then JSON.stringify.
 * The same request as otlp-json.ts makes (a test compares them on the same spans), in a fraction of
 * its code: that one writes bytes itself for Node's throughput, which a page, with its few spans,
 * does not need.
 */
import { resourceIsImplied } from '../resource-name.js';
import type { Encode } from './otlp-exporter.js';

// OTLP's SpanKind is this index + 1, by the names of dd-trace's `span.kind` tag; anything else is INTERNAL (1).
const KINDS = ['internal', 'server', 'client', 'producer', 'consumer'];
// An error travels as the status and the `exception` event, as OpenTelemetry's recordException puts it.
const ERROR_TAG = /^error\.(type|message|stack)$/;

// An attribute whose value is undefined (a span without `span.type`, an error without a stack) is left out.
const attributes = (pairs: [key: string, value: string | undefined][]) =>
  pairs.filter((pair) => pair[1] !== undefined).map(([key, value]) => ({ key, value: { stringValue: value } }));

/**
 * Milliseconds since the epoch → integer nanoseconds, as decimal text: rounded to the nanosecond as
 * OpenTelemetry's millisToHrTime does, exactly (the whole milliseconds, then six digits).
 */
function nanos(millis: number): string {
  const whole = Math.floor(millis);
  const fraction = Math.round((millis - whole) * 1e6);
  // A fraction that rounds up to a whole millisecond carries; `1e6 + fraction` pads it to six digits.
  const carried = whole + (fraction === 1e6 ? 1 : 0);
  return carried ? carried + String(1e6 + fraction).slice(-6) : String(fraction);
}

/** The request body for `spans`, grouped by service as otlp-json.ts's `encodeRequest` does. */
export const encodeCompact: Encode = (spans, service, resource) => {
  const byService = new Map<string, object[]>();
  for (const span of spans) {
    const { tags, error } = span;
    const end = nanos(span.start + span.duration);
    const message = tags['error.message'] ?? '';
    const name = span.service ?? service;
    (byService.get(name) ?? byService.set(name, []).get(name)!).push({
      traceId: span.traceId,
      spanId: span.spanId,
      // `undefined` leaves a field out, as otlp-json.ts leaves out those at their default value.
      parentSpanId: span.parentId || undefined,
      name: span.name,
      kind: KINDS.indexOf(tags['span.kind']?.toLowerCase() as string) + 1 || 1,
      startTimeUnixNano: nanos(span.start),
      endTimeUnixNano: end,
      attributes: attributes([
        // Left out where Datadog's intake derives the same resource on its own.
        ['resource.name', resourceIsImplied(span.name, span.resource, tags) ? undefined : span.resource],
        ['span.type', span.type],
        ...Object.entries(tags).filter(([key]) => !(error && ERROR_TAG.test(key))),
      ]),
      status: error ? { code: 2, message } : undefined,
      events: error
        ? [
            {
              timeUnixNano: end,
              name: 'exception',
              attributes: attributes([
                ['exception.type', tags['error.type'] ?? 'Error'],
                ['exception.message', message],
                ['exception.stacktrace', tags['error.stack']],
              ]),
            },
          ]
        : undefined,
    });
  }
  const resourceSpans = [...byService].map(([name, group]) => ({
    resource: { attributes: attributes([['service.name', name], ...resource]) },
    // `dd-span-runtime`'s version; a test keeps it equal to the package's.
    scopeSpans: [{ scope: { name: 'dd-span', version: '0.1.0' }, spans: group }],
  }));
  return new TextEncoder().encode(JSON.stringify({ resourceSpans }));
};
