// A strict check of an ExportTraceServiceRequest in the OTLP/HTTP JSON mapping
// (opentelemetry-proto, trace/v1 and common/v1): every field's type, hex ids of the right length,
// nanosecond timestamps as decimal strings, attribute values with exactly one typed member, and no
// field the protocol does not define. Returns the problems found, each with its JSON path.

const HEX_32 = /^[0-9a-f]{32}$/;
const HEX_16 = /^[0-9a-f]{16}$/;
const ZEROS = /^0+$/;
const UNIX_NANOS = /^[1-9][0-9]*$/;
// 2001-09-09 in nanoseconds: a smaller value is milliseconds or seconds by mistake.
const PLAUSIBLE_NANOS = 10n ** 18n;

const REQUEST_FIELDS = ['resourceSpans'];
const RESOURCE_SPANS_FIELDS = ['resource', 'scopeSpans', 'schemaUrl'];
const RESOURCE_FIELDS = ['attributes', 'droppedAttributesCount'];
const SCOPE_SPANS_FIELDS = ['scope', 'spans', 'schemaUrl'];
const SCOPE_FIELDS = ['name', 'version', 'attributes', 'droppedAttributesCount'];
const SPAN_FIELDS = [
  'traceId', 'spanId', 'traceState', 'parentSpanId', 'flags', 'name', 'kind', 'startTimeUnixNano',
  'endTimeUnixNano', 'attributes', 'droppedAttributesCount', 'events', 'droppedEventsCount', 'links',
  'droppedLinksCount', 'status',
];
const EVENT_FIELDS = ['timeUnixNano', 'name', 'attributes', 'droppedAttributesCount'];
const STATUS_FIELDS = ['message', 'code'];
const ANY_VALUE_MEMBERS = {
  stringValue: (v) => typeof v === 'string',
  boolValue: (v) => typeof v === 'boolean',
  // int64 is a decimal string in the JSON mapping; numbers are accepted by decoders too.
  intValue: (v) => (typeof v === 'string' && /^-?[0-9]+$/.test(v)) || Number.isInteger(v),
  doubleValue: (v) => typeof v === 'number',
  arrayValue: (v) => isObject(v),
  kvlistValue: (v) => isObject(v),
  bytesValue: (v) => typeof v === 'string',
};

function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function validateExportRequest(request) {
  const problems = [];
  const report = (path, message) => problems.push(`${path}: ${message}`);

  const checkObject = (value, path, allowed) => {
    if (!isObject(value)) {
      report(path, `expected an object, got ${JSON.stringify(value)}`);
      return false;
    }
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) report(`${path}.${key}`, 'is not a field of this message');
    }
    return true;
  };
  const checkArray = (value, path, { nonEmpty = false, optional = false } = {}) => {
    if (value === undefined && optional) return [];
    if (!Array.isArray(value)) {
      report(path, `expected an array, got ${JSON.stringify(value)}`);
      return [];
    }
    if (nonEmpty && value.length === 0) report(path, 'is empty');
    return value;
  };
  const checkString = (value, path, { optional = false, nonEmpty = false } = {}) => {
    if (value === undefined && optional) return;
    if (typeof value !== 'string') report(path, `expected a string, got ${JSON.stringify(value)}`);
    else if (nonEmpty && value === '') report(path, 'is empty');
  };
  const checkCount = (value, path) => {
    if (value !== undefined && !(Number.isInteger(value) && value >= 0)) report(path, `expected a count, got ${JSON.stringify(value)}`);
  };
  const checkNanos = (value, path) => {
    if (typeof value !== 'string' || !UNIX_NANOS.test(value)) {
      report(path, `expected integer nanoseconds as a decimal string, got ${JSON.stringify(value)}`);
      return undefined;
    }
    const nanos = BigInt(value);
    if (nanos < PLAUSIBLE_NANOS) report(path, `${value} is too small to be nanoseconds since the epoch`);
    return nanos;
  };
  const checkId = (value, path, pattern, digits) => {
    if (typeof value !== 'string' || !pattern.test(value)) report(path, `expected ${digits} lowercase hex digits, got ${JSON.stringify(value)}`);
    else if (ZEROS.test(value)) report(path, 'is all zeros (an invalid id)');
  };
  const checkAnyValue = (value, path) => {
    if (!isObject(value)) return report(path, `expected an AnyValue object, got ${JSON.stringify(value)}`);
    const members = Object.keys(value);
    if (members.length !== 1) return report(path, `expected exactly one value member, got ${JSON.stringify(members)}`);
    const [member] = members;
    const check = ANY_VALUE_MEMBERS[member];
    if (check === undefined) report(`${path}.${member}`, 'is not a member of AnyValue');
    else if (!check(value[member])) report(`${path}.${member}`, `has the wrong type: ${JSON.stringify(value[member])}`);
  };
  const checkAttributes = (value, path, optional = true) => {
    const seen = new Set();
    checkArray(value, path, { optional }).forEach((kv, i) => {
      const at = `${path}[${i}]`;
      if (!checkObject(kv, at, ['key', 'value'])) return;
      checkString(kv.key, `${at}.key`, { nonEmpty: true });
      if (seen.has(kv.key)) report(`${at}.key`, `duplicates ${JSON.stringify(kv.key)}`);
      seen.add(kv.key);
      checkAnyValue(kv.value, `${at}.value`);
    });
  };

  if (!checkObject(request, 'request', REQUEST_FIELDS)) return problems;
  const spanIds = new Set();
  checkArray(request.resourceSpans, 'resourceSpans', { nonEmpty: true }).forEach((resourceSpans, r) => {
    const rPath = `resourceSpans[${r}]`;
    if (!checkObject(resourceSpans, rPath, RESOURCE_SPANS_FIELDS)) return;
    if (checkObject(resourceSpans.resource, `${rPath}.resource`, RESOURCE_FIELDS)) {
      checkAttributes(resourceSpans.resource.attributes, `${rPath}.resource.attributes`, false);
      checkCount(resourceSpans.resource.droppedAttributesCount, `${rPath}.resource.droppedAttributesCount`);
      const service = resourceSpans.resource.attributes?.find?.((a) => a.key === 'service.name');
      if (typeof service?.value?.stringValue !== 'string') report(`${rPath}.resource.attributes`, 'has no string service.name');
    }
    checkString(resourceSpans.schemaUrl, `${rPath}.schemaUrl`, { optional: true });
    checkArray(resourceSpans.scopeSpans, `${rPath}.scopeSpans`, { nonEmpty: true }).forEach((scopeSpans, s) => {
      const sPath = `${rPath}.scopeSpans[${s}]`;
      if (!checkObject(scopeSpans, sPath, SCOPE_SPANS_FIELDS)) return;
      if (checkObject(scopeSpans.scope, `${sPath}.scope`, SCOPE_FIELDS)) {
        checkString(scopeSpans.scope.name, `${sPath}.scope.name`, { nonEmpty: true });
        checkString(scopeSpans.scope.version, `${sPath}.scope.version`, { optional: true });
      }
      checkArray(scopeSpans.spans, `${sPath}.spans`, { nonEmpty: true }).forEach((span, i) => {
        const path = `${sPath}.spans[${i}]`;
        if (!checkObject(span, path, SPAN_FIELDS)) return;
        checkId(span.traceId, `${path}.traceId`, HEX_32, 32);
        checkId(span.spanId, `${path}.spanId`, HEX_16, 16);
        if (spanIds.has(span.spanId)) report(`${path}.spanId`, 'appears twice in one request');
        spanIds.add(span.spanId);
        if (span.parentSpanId !== undefined && span.parentSpanId !== '') checkId(span.parentSpanId, `${path}.parentSpanId`, HEX_16, 16);
        checkString(span.name, `${path}.name`, { nonEmpty: true });
        if (!(Number.isInteger(span.kind) && span.kind >= 0 && span.kind <= 5)) report(`${path}.kind`, `expected a SpanKind (0-5), got ${JSON.stringify(span.kind)}`);
        const start = checkNanos(span.startTimeUnixNano, `${path}.startTimeUnixNano`);
        const end = checkNanos(span.endTimeUnixNano, `${path}.endTimeUnixNano`);
        if (start !== undefined && end !== undefined && end < start) report(`${path}.endTimeUnixNano`, 'is before the start');
        checkAttributes(span.attributes, `${path}.attributes`);
        for (const field of ['droppedAttributesCount', 'droppedEventsCount', 'droppedLinksCount', 'flags']) checkCount(span[field], `${path}.${field}`);
        if (span.status !== undefined && checkObject(span.status, `${path}.status`, STATUS_FIELDS)) {
          if (![undefined, 0, 1, 2].includes(span.status.code)) report(`${path}.status.code`, `expected a StatusCode (0-2), got ${JSON.stringify(span.status.code)}`);
          checkString(span.status.message, `${path}.status.message`, { optional: true });
        }
        checkArray(span.events, `${path}.events`, { optional: true }).forEach((event, e) => {
          const ePath = `${path}.events[${e}]`;
          if (!checkObject(event, ePath, EVENT_FIELDS)) return;
          const time = checkNanos(event.timeUnixNano, `${ePath}.timeUnixNano`);
          if (time !== undefined && start !== undefined && end !== undefined && (time < start || time > end)) report(`${ePath}.timeUnixNano`, 'is outside the span');
          checkString(event.name, `${ePath}.name`, { nonEmpty: true });
          checkAttributes(event.attributes, `${ePath}.attributes`);
          checkCount(event.droppedAttributesCount, `${ePath}.droppedAttributesCount`);
        });
        checkArray(span.links, `${path}.links`, { optional: true });
      });
    });
  });
  return problems;
}
