// A span as the built-in tracer hands it to the exporter (FinishedSpan), for tests that feed an
// exporter or an encoder directly. Each one gets its own ids.
let next = 1;

/** A finished root span named `work`, with `fields` overriding any of its members. */
export function finishedSpan(fields = {}) {
  const spanId = (next++).toString(16).padStart(16, '0');
  return {
    name: 'work',
    resource: 'work',
    service: undefined,
    type: undefined,
    tags: {},
    error: 0,
    traceId: `${spanId}${spanId}`,
    spanId,
    parentId: null,
    start: 1_712_345_678_901.234,
    duration: 1.5,
    ...fields,
  };
}
