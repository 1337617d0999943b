/**
 * FinishedSpan → OTLP/HTTP JSON (opentelemetry-proto's ExportTraceServiceRequest in its JSON mapping).
 * Fields at their default value (no parent, status unset, no events) are left out, as the mapping
 * allows; ids are hex, times are decimal strings of nanoseconds.
 */
import type { FinishedSpan } from '../native-span.js';

/** An OTLP attribute. Directive tags are strings, so only `stringValue` is ever used. */
export interface KeyValue {
  key: string;
  value: { stringValue: string };
}

/** `dd-span-runtime`'s version; a test keeps it equal to the package's. */
const SCOPE = { name: 'dd-span', version: '0.1.0' };
const SPAN_KIND_INTERNAL = 1;
// OTLP's SpanKind, by the names of dd-trace's `span.kind` tag (a directive's, or the fetch integration's `client`).
const SPAN_KINDS: ReadonlyMap<string, number> = new Map([
  ['internal', 1],
  ['server', 2],
  ['client', 3],
  ['producer', 4],
  ['consumer', 5],
]);
const STATUS_CODE_ERROR = 2;
// An error travels as the status and the `exception` event, as OpenTelemetry's recordException puts it.
const ERROR_TAG = /^error\.(type|message|stack)$/;

export function attribute(key: string, value: string): KeyValue {
  return { key, value: { stringValue: value } };
}

/**
 * Milliseconds since the epoch → integer nanoseconds, as a decimal string. Rounds exactly as
 * OpenTelemetry's millisToHrTime does, so both agree to the nanosecond. A double holds the
 * nanoseconds only to about 256 ns: the two halves are joined as BigInts.
 */
function toUnixNanos(millis: number): string {
  return String(BigInt(Math.trunc(millis / 1e3)) * BigInt(1e9) + BigInt(Math.round((millis % 1e3) * 1e6)));
}

function toOtlpSpan(span: FinishedSpan): object {
  const tags = span.tags;
  const end = toUnixNanos(span.start + span.duration);
  const attributes = [attribute('resource.name', span.resource)];
  if (span.type !== undefined) attributes.push(attribute('span.type', span.type));
  for (const key of Object.keys(tags)) {
    if (!(span.error && ERROR_TAG.test(key))) attributes.push(attribute(key, tags[key]!));
  }
  const otlp: Record<string, unknown> = {
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentId ?? undefined,
    name: span.name,
    kind: SPAN_KINDS.get(tags['span.kind']?.toLowerCase() ?? '') ?? SPAN_KIND_INTERNAL,
    startTimeUnixNano: toUnixNanos(span.start),
    endTimeUnixNano: end,
    attributes,
  };
  if (span.error) {
    const message = tags['error.message'] ?? '';
    const stack = tags['error.stack'];
    const exception = [attribute('exception.type', tags['error.type'] ?? 'Error'), attribute('exception.message', message)];
    if (stack !== undefined) exception.push(attribute('exception.stacktrace', stack));
    otlp.status = { code: STATUS_CODE_ERROR, message };
    otlp.events = [{ timeUnixNano: end, name: 'exception', attributes: exception }];
  }
  return otlp;
}

/**
 * The request body for `spans`. `service` is the `service.name` of spans that name none themselves;
 * a span whose directive names its own service gets a resource of its own, since in OTLP the service
 * is a property of the resource, not of the span. `resource` holds the other resource attributes.
 */
export function encodeRequest(spans: readonly FinishedSpan[], service: string, resource: readonly KeyValue[]): string {
  const byService = new Map<string, object[]>();
  for (const span of spans) {
    const name = span.service ?? service;
    const list = byService.get(name) ?? [];
    byService.set(name, list);
    list.push(toOtlpSpan(span));
  }
  return JSON.stringify({
    resourceSpans: [...byService].map(([name, otlpSpans]) => ({
      resource: { attributes: [attribute('service.name', name), ...resource] },
      scopeSpans: [{ scope: SCOPE, spans: otlpSpans }],
    })),
  });
}
