/**
 * FinishedSpan → OTLP/HTTP JSON (opentelemetry-proto's ExportTraceServiceRequest in its JSON mapping),
 * as the UTF-8 bytes of the request body. Fields at their default value (no parent, status unset, no
 * events) are left out, as the mapping allows; ids are hex, times are decimal strings of nanoseconds.
 *
 * The exporter encodes every span it sends, so this is most of its cost per span. Spans are written
 * straight into one byte buffer: text built by concatenation first costs more to flatten and convert
 * than to build (V8 copies it piece by piece), and objects for JSON.stringify cost twice as much.
 * What spans of one call site have in common (name, kind, attributes) is written once and copied
 * as one piece into every later span with the same; only ids and times are written per span. User
 * text is escaped by JSON.stringify and converted once per distinct string.
 */
import type { FinishedSpan } from '../native-span.js';
import { resourceIsImplied } from '../resource-name.js';

// OTLP's SpanKind is this index + 1, by the names of dd-trace's `span.kind` tag (a directive's, or
// the fetch integration's `client`); anything else is INTERNAL (1).
const KINDS = ['internal', 'server', 'client', 'producer', 'consumer'];
// An error travels as the status and the `exception` event, as OpenTelemetry's recordException puts it.
const ERROR_TAG = /^error\.(type|message|stack)$/;

const utf8 = /* @__PURE__ */ new TextEncoder();
// Short text → its quoted, escaped UTF-8 form. Span names and most tags repeat from span to span;
// long text (a stack, a URL) seldom does, and the bound keeps what never repeats from growing it.
const encoded = /* @__PURE__ */ new Map<string, Uint8Array>();

function quoted(text: string): Uint8Array {
  let bytes = encoded.get(text);
  if (bytes === undefined) {
    bytes = utf8.encode(JSON.stringify(text));
    if (text.length < 200) {
      if (encoded.size > 999) encoded.clear();
      encoded.set(text, bytes);
    }
  }
  return bytes;
}

// The constant parts of the body, each as one piece: copying bytes costs far less per byte than
// converting characters, and per piece more than either.
const [TRACE_ID, SPAN_ID, PARENT_ID, START, END, NAME, ATTRIBUTES, KEY, VALUE, ATTRIBUTE_END, ERROR, EVENT, EXCEPTION, SERVICE, SCOPE] = /* @__PURE__ */ [
  '{"traceId":"',
  '","spanId":"',
  '","parentSpanId":"',
  '","startTimeUnixNano":"',
  '","endTimeUnixNano":"',
  '","name":',
  ',"attributes":[',
  '{"key":',
  ',"value":{"stringValue":',
  '}}',
  '],"status":{"code":2,"message":',
  '},"events":[{"timeUnixNano":"',
  '","name":"exception","attributes":[',
  '{"resource":{"attributes":[',
  // `dd-span-runtime`'s version; a test keeps it equal to the package's.
  ']},"scopeSpans":[{"scope":{"name":"dd-span","version":"0.1.0"},"spans":[',
].map((text) => utf8.encode(text));
// The kind, by its index in KINDS.
const KIND = /* @__PURE__ */ KINDS.map((_, index) => utf8.encode(`,"kind":${index + 1}`));

/**
 * A growing byte buffer. Its state is in properties of one object, not in closure variables: V8
 * keeps these accesses cheap.
 */
interface Writer {
  bytes: Uint8Array;
  at: number;
}

const newWriter = (): Writer => ({ bytes: new Uint8Array(1 << 17), at: 0 });

/** The buffer, with room for `count` more bytes. */
function room(out: Writer, count: number): Uint8Array {
  if (out.at + count > out.bytes.length) {
    const bigger = new Uint8Array(2 * (out.at + count));
    bigger.set(out.bytes);
    out.bytes = bigger;
  }
  return out.bytes;
}

function put(out: Writer, bytes: Uint8Array): void {
  room(out, bytes.length).set(bytes, out.at);
  out.at += bytes.length;
}

/** Text known to be ASCII: the ids, and constants too rare to be worth a piece of their own. */
function ascii(out: Writer, text: string): void {
  const bytes = room(out, text.length);
  // The position in a local: a property written at every step would stay in memory.
  let at = out.at;
  for (let i = 0; i < text.length; i++) bytes[at++] = text.charCodeAt(i);
  out.at = at;
}

/** `{"key":…,"value":{"stringValue":…}}`, after a comma unless it is the first. */
function attribute(out: Writer, key: string, value: string, first = false): void {
  if (!first) ascii(out, ',');
  put(out, KEY);
  put(out, quoted(key));
  put(out, VALUE);
  put(out, quoted(value));
  put(out, ATTRIBUTE_END);
}

/** An integer from 0 to 999999, as six digits. */
function six(out: Writer, value: number): void {
  const bytes = room(out, 6);
  // `| 0` keeps the arithmetic on small integers: `%` on a double is a call into C.
  value |= 0;
  const at = out.at;
  for (let i = at + 5; i >= at; i--) {
    bytes[i] = 48 + (value % 10);
    value = (value / 10) | 0;
  }
  out.at = at + 6;
}

// The digits of the last whole millisecond written: spans of one batch mostly start and end within
// a few milliseconds of each other, and turning a 13-digit number into text is the dear part.
let lastMillis = -1;
let lastMillisDigits = /* @__PURE__ */ new Uint8Array(0);

/**
 * Milliseconds since the epoch → integer nanoseconds: the whole milliseconds, then the nanoseconds
 * as six digits. The fraction of a millisecond times 1e6 is exact in a double, so this rounds
 * exactly as OpenTelemetry's millisToHrTime does, without BigInt.
 */
function time(out: Writer, millis: number): void {
  let whole = Math.floor(millis);
  let nanos = Math.round((millis - whole) * 1e6);
  if (nanos === 1e6) {
    whole++;
    nanos = 0;
  }
  // Without leading zeros: a number under a millisecond is written as it is.
  if (whole === 0) return ascii(out, String(nanos));
  if (whole !== lastMillis) {
    lastMillis = whole;
    lastMillisDigits = utf8.encode(String(whole));
  }
  put(out, lastMillisDigits);
  six(out, nanos);
}

/**
 * `","name":…,"kind":…,"attributes":[…]`: the attributes are `resource.name` (unless the intake
 * derives the same one), `span.type`, then the tags. Of a span with an error, the error tags are
 * its status and exception event instead, written by `encodeSpan`.
 */
function writeShared(out: Writer, span: FinishedSpan): void {
  const tags = span.tags;
  put(out, NAME);
  put(out, quoted(span.name));
  put(out, KIND[KINDS.indexOf(tags['span.kind']?.toLowerCase() as string)] ?? KIND[0]!);
  put(out, ATTRIBUTES);
  let first = true;
  if (!resourceIsImplied(span.name, span.resource, tags)) {
    attribute(out, 'resource.name', span.resource, first);
    first = false;
  }
  if (span.type !== undefined) {
    attribute(out, 'span.type', span.type, first);
    first = false;
  }
  for (const key of Object.keys(tags)) {
    if (!(span.error && ERROR_TAG.test(key))) {
      attribute(out, key, tags[key]!, first);
      first = false;
    }
  }
}

/** What spans named `name` without an error last had in common, and its bytes. */
interface Shared {
  resource: string;
  type: string | undefined;
  keys: string[];
  values: string[];
  bytes: Uint8Array;
  /** Spans of this name since the last that had it in common. */
  misses: number;
}

// Spans of one name that keep differing (a tag with a new value on every span) are written without
// keeping what they have in common; after this many misses in a row, the next one is kept instead.
const MISSES_BEFORE_REPLACING = 64;

// By span name: most names belong to one call site, whose spans have the same resource, type and
// tags as each other.
const sharedByName = /* @__PURE__ */ new Map<string, Shared>();

function isShared(shared: Shared, span: FinishedSpan): boolean {
  if (shared.resource !== span.resource || shared.type !== span.type) return false;
  const { keys, values } = shared;
  const tags = span.tags;
  let index = 0;
  // `for…in` walks the keys without making an array of them. It would also list enumerable
  // inherited keys, which `keys` (own keys only) never holds: such a span only misses.
  for (const key in tags) {
    if (key !== keys[index] || tags[key] !== values[index]) return false;
    index++;
  }
  return index === keys.length;
}

/** `writeShared`, copied from the last span of the same name when it had the same in common. */
function writeSharedOf(out: Writer, span: FinishedSpan): void {
  const shared = sharedByName.get(span.name);
  if (shared !== undefined) {
    if (isShared(shared, span)) {
      shared.misses = 0;
      return put(out, shared.bytes);
    }
    if (++shared.misses <= MISSES_BEFORE_REPLACING) return writeShared(out, span);
  }
  const from = out.at;
  writeShared(out, span);
  if (sharedByName.size > 999) sharedByName.clear();
  const keys = Object.keys(span.tags);
  sharedByName.set(span.name, {
    resource: span.resource,
    type: span.type,
    keys,
    values: keys.map((key) => span.tags[key]!),
    bytes: out.bytes.slice(from, out.at),
    misses: 0,
  });
}

function encodeSpan(out: Writer, span: FinishedSpan): void {
  const tags = span.tags;
  const end = span.start + span.duration;
  put(out, TRACE_ID);
  ascii(out, span.traceId);
  put(out, SPAN_ID);
  ascii(out, span.spanId);
  if (span.parentId) {
    put(out, PARENT_ID);
    ascii(out, span.parentId);
  }
  put(out, START);
  time(out, span.start);
  put(out, END);
  time(out, end);
  if (!span.error) {
    writeSharedOf(out, span);
    ascii(out, ']}');
    return;
  }
  writeShared(out, span);
  const message = tags['error.message'] ?? '';
  const stack = tags['error.stack'];
  put(out, ERROR);
  put(out, quoted(message));
  put(out, EVENT);
  time(out, end);
  put(out, EXCEPTION);
  attribute(out, 'exception.type', tags['error.type'] ?? 'Error', true);
  attribute(out, 'exception.message', message);
  if (stack !== undefined) attribute(out, 'exception.stacktrace', stack);
  ascii(out, ']}]}');
}

let writer = /* @__PURE__ */ newWriter();

/** A resource attribute with a string value, for `encodeRequest`. */
export type ResourceAttribute = [key: string, value: string];

/**
 * The request body for `spans`. `service` is the `service.name` of spans that name none themselves;
 * a span whose directive names its own service gets a resource of its own, since in OTLP the service
 * is a property of the resource, not of the span. `resource` holds the other resource attributes.
 */
export function encodeRequest(spans: readonly FinishedSpan[], service: string, resource: readonly ResourceAttribute[]): Uint8Array {
  const byService = new Map<string, readonly FinishedSpan[]>();
  // Mostly, no span names a service of its own: then they are all one group as they are.
  if (spans.every((span) => span.service === undefined)) {
    if (spans.length > 0) byService.set(service, spans);
  } else {
    for (const span of spans) {
      const name = span.service ?? service;
      const group = byService.get(name) as FinishedSpan[] | undefined;
      if (group) group.push(span);
      else byService.set(name, [span]);
    }
  }
  // One buffer for every request (a fresh one costs more to zero than the spans to write); one that
  // grew past 1 MiB for a batch of huge tags is let go.
  const out = writer.bytes.length > 1 << 20 ? (writer = newWriter()) : writer;
  out.at = 0;
  ascii(out, '{"resourceSpans":[');
  [...byService].forEach(([name, group], index) => {
    if (index) ascii(out, ',');
    put(out, SERVICE);
    attribute(out, 'service.name', name, true);
    for (const [key, value] of resource) attribute(out, key, value);
    put(out, SCOPE);
    group.forEach((span, index) => {
      if (index) ascii(out, ',');
      encodeSpan(out, span);
    });
    ascii(out, ']}]}');
  });
  ascii(out, ']}');
  return out.bytes.slice(0, out.at);
}
