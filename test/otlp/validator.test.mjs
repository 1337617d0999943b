// The receiver's shape check is what the other OTLP tests lean on: it must pass a well-formed request
// and catch each kind of mistake an exporter makes in the JSON mapping.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateExportRequest } from './support/validate-otlp.mjs';

function wellFormed() {
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'shop' } }] },
        scopeSpans: [
          {
            scope: { name: 'dd-span', version: '0.1.0' },
            spans: [
              {
                traceId: '0af7651916cd43dd8448eb211c80319c',
                spanId: 'b7ad6b7169203331',
                parentSpanId: '00f067aa0ba902b7',
                name: 'charge',
                kind: 1,
                startTimeUnixNano: '1712345678901234567',
                endTimeUnixNano: '1712345678911234567',
                attributes: [{ key: 'resource.name', value: { stringValue: 'charge' } }],
                status: { code: 2, message: 'declined' },
                events: [
                  {
                    timeUnixNano: '1712345678911234567',
                    name: 'exception',
                    attributes: [{ key: 'exception.type', value: { stringValue: 'Error' } }],
                  },
                ],
              },
            ],
          },
        ],
      },
    ],
  };
}

const span = (request) => request.resourceSpans[0].scopeSpans[0].spans[0];

test('a well-formed request has no problems', () => {
  assert.deepEqual(validateExportRequest(wellFormed()), []);
});

const mistakes = {
  'a base64 trace id': (r) => (span(r).traceId = 'CvdlGRbNQ92ESOshHIAxnA=='),
  'a 64-bit trace id': (r) => (span(r).traceId = 'b7ad6b7169203331'),
  'uppercase hex': (r) => (span(r).spanId = 'B7AD6B7169203331'),
  'an all-zero span id': (r) => (span(r).spanId = '0000000000000000'),
  'a short parent id': (r) => (span(r).parentSpanId = 'b7ad'),
  'a start time as a number': (r) => (span(r).startTimeUnixNano = 1712345678901234567),
  'a start time in milliseconds': (r) => (span(r).startTimeUnixNano = '1712345678901'),
  'a fractional time': (r) => (span(r).endTimeUnixNano = '1712345678911234567.5'),
  'an end before the start': (r) => (span(r).endTimeUnixNano = '1712345678801234567'),
  'a kind by name': (r) => (span(r).kind = 'SPAN_KIND_INTERNAL'),
  'an attribute value that is a bare string': (r) => (span(r).attributes[0].value = 'charge'),
  'an attribute value with two members': (r) => (span(r).attributes[0].value = { stringValue: 'a', intValue: '1' }),
  'an unknown attribute value member': (r) => (span(r).attributes[0].value = { string: 'a' }),
  'attributes as a map': (r) => (span(r).attributes = { 'resource.name': 'charge' }),
  'a duplicate attribute key': (r) => span(r).attributes.push({ key: 'resource.name', value: { stringValue: 'x' } }),
  'a field the protocol does not define': (r) => (span(r).resource = 'charge'),
  'a status code by name': (r) => (span(r).status.code = 'STATUS_CODE_ERROR'),
  'an event outside the span': (r) => (span(r).events[0].timeUnixNano = '1712345678001234567'),
  'a resource without service.name': (r) => (r.resourceSpans[0].resource.attributes = []),
  'a scope without a name': (r) => delete r.resourceSpans[0].scopeSpans[0].scope.name,
  'no spans': (r) => (r.resourceSpans[0].scopeSpans[0].spans = []),
  'a span id used twice': (r) => r.resourceSpans[0].scopeSpans[0].spans.push({ ...span(r) }),
};

for (const [mistake, apply] of Object.entries(mistakes)) {
  test(`the check reports ${mistake}`, () => {
    const request = wellFormed();
    apply(request);
    assert.notDeepEqual(validateExportRequest(request), []);
  });
}
