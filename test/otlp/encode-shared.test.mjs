// The Node encoder (otlp-json.ts) leaves `resource.name` out where Datadog's intake derives the same
// resource, and writes what spans of one name share once, reusing it only for spans that share all
// of it: every span must still carry exactly its own name, kind, resource, type and tags.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeRequest } from '../../runtime/dist/esm/exporters/otlp-json.js';
import { finishedSpan } from './support/finished-span.mjs';
import { validateExportRequest } from './support/validate-otlp.mjs';

const span = finishedSpan;

const decode = (bytes) => JSON.parse(new TextDecoder().decode(bytes));
const sent = (spans) => decode(encodeRequest(spans, 'shop', [])).resourceSpans.flatMap(({ scopeSpans }) => scopeSpans[0].spans);
const attributes = (item) => Object.fromEntries(item.attributes.map(({ key, value }) => [key, value.stringValue]));

test('resource.name is sent only where the intake would not derive the same resource', () => {
  const spans = [
    span({ tags: { 'function-name': 'work' } }),
    span({ resource: 'GET /cart' }),
    span({ tags: { 'http.method': 'GET' } }),
    span({ tags: { 'db.system': 'postgres' } }),
    span({ tags: { 'messaging.system': 'kafka' } }),
    span({ tags: { 'rpc.service': 'Cart' } }),
    span({ tags: { 'graphql.operation.name': 'cart' } }),
    span({ tags: { 'https.anything': 'not http.' } }),
    span({ type: 'web' }),
  ];
  assert.deepEqual(sent(spans).map(attributes), [
    { 'function-name': 'work' },
    { 'resource.name': 'GET /cart' },
    { 'resource.name': 'work', 'http.method': 'GET' },
    { 'resource.name': 'work', 'db.system': 'postgres' },
    { 'resource.name': 'work', 'messaging.system': 'kafka' },
    { 'resource.name': 'work', 'rpc.service': 'Cart' },
    { 'resource.name': 'work', 'graphql.operation.name': 'cart' },
    { 'https.anything': 'not http.' },
    { 'span.type': 'web' },
  ]);
});

test('spans of one name that differ in resource, type, kind or tags each keep their own', () => {
  // Each one between two of the first, and again in a second request: what was written for one
  // span is never reused for a span that differs from it.
  const variants = [
    { tags: { 'function-name': 'work' } },
    { tags: { 'function-name': 'work', env: 'prod' } },
    { tags: { env: 'prod', 'function-name': 'work' } },
    { tags: { 'function-name': 'other' } },
    { tags: { 'function-name': 'work' }, resource: 'GET /cart' },
    { tags: { 'function-name': 'work' }, type: 'web' },
    { tags: { 'function-name': 'work', 'span.kind': 'server' } },
    { tags: { 'function-name': 'work', 'error.message': 'a tag, not an error' } },
    { tags: { 'function-name': 'work', 'error.type': 'TypeError', 'error.message': 'boom' }, error: 1 },
    { tags: {} },
  ];
  const expected = (fields) => {
    const tags = { ...fields.tags };
    if (fields.error) {
      delete tags['error.type'];
      delete tags['error.message'];
    }
    const resource = fields.resource ?? 'work';
    const implied = resource === 'work' && !Object.keys(tags).some((key) => key.startsWith('http.'));
    return {
      kind: fields.tags['span.kind'] === 'server' ? 2 : 1,
      attributes: { ...(implied ? {} : { 'resource.name': resource }), ...(fields.type ? { 'span.type': fields.type } : {}), ...tags },
      status: fields.error ? { code: 2, message: 'boom' } : undefined,
    };
  };
  for (let request = 0; request < 2; request++) {
    const fields = variants.flatMap((variant) => [variants[0], variant, variants[0]]);
    const body = decode(encodeRequest(fields.map(span), 'shop', []));
    assert.deepEqual(validateExportRequest(body), []);
    const spans = body.resourceSpans[0].scopeSpans[0].spans;
    assert.deepEqual(
      spans.map((item) => ({ kind: item.kind, attributes: attributes(item), status: item.status })),
      fields.map(expected),
    );
    assert.ok(spans.every((item) => item.name === 'work'));
  }
});

test('a tag added after the span was shaped like an earlier one is sent', () => {
  const shared = { 'function-name': 'work' };
  const later = { ...shared };
  later['http.status_code'] = '200';
  assert.deepEqual(sent([span({ tags: shared }), span({ tags: later }), span({ tags: shared })]).map(attributes), [
    { 'function-name': 'work' },
    { 'resource.name': 'work', 'function-name': 'work', 'http.status_code': '200' },
    { 'function-name': 'work' },
  ]);
});
