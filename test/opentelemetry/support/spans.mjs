// Reading finished OpenTelemetry spans (sdk-trace 2.x ReadableSpan) as trees, so that tests can state
// the parent links they expect in one readable string.
import assert from 'node:assert/strict';

export const idOf = (span) => span.spanContext().spanId;
export const parentIdOf = (span) => span.parentSpanContext?.spanId;

const startOf = (span) => span.startTime[0] * 1e9 + span.startTime[1];

/**
 * One line per span, indented under its parent, siblings in start order:
 * "outer\n  work\n    leaf". A span whose parent was not exported is drawn as a root.
 */
export function renderTree(spans, label = (span) => span.name) {
  const ids = new Set(spans.map(idOf));
  const children = new Map();
  for (const span of [...spans].sort((a, b) => startOf(a) - startOf(b))) {
    const parent = ids.has(parentIdOf(span)) ? parentIdOf(span) : undefined;
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(span);
  }
  const lines = [];
  const draw = (parent, depth) => {
    for (const span of children.get(parent) ?? []) {
      lines.push(`${'  '.repeat(depth)}${label(span)}`);
      draw(idOf(span), depth + 1);
    }
  };
  draw(undefined, 0);
  return lines.join('\n');
}

/**
 * Waits until `count` spans have been exported. A server span ends on the response's 'finish' event,
 * which may come after the client has read the whole response.
 */
export async function waitForSpans(exporter, count) {
  for (let turns = 0; exporter.getFinishedSpans().length < count && turns < 10_000; turns++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Each trace drawn with renderTree, sorted. */
export function treesByTrace(spans, label) {
  const traces = new Map();
  for (const span of spans) {
    const id = span.spanContext().traceId;
    if (!traces.has(id)) traces.set(id, []);
    traces.get(id).push(span);
  }
  return [...traces.values()].map((spansOfTrace) => renderTree(spansOfTrace, label)).sort();
}

/** Asserts the exported spans form exactly `expected` (a list of lines, as renderTree draws them), all in one trace per root. */
export function assertTree(exporter, expected) {
  const spans = exporter.getFinishedSpans();
  assert.equal(renderTree(spans), expected.join('\n'));
  const byId = new Map(spans.map((span) => [idOf(span), span]));
  for (const span of spans) {
    const parent = byId.get(parentIdOf(span));
    if (parent !== undefined) assert.equal(span.spanContext().traceId, parent.spanContext().traceId, span.name);
  }
}

/** The only exported span called `name`. */
export function onlySpan(exporter, name) {
  const found = exporter.getFinishedSpans().filter((span) => span.name === name);
  assert.equal(found.length, 1, `exactly one span named ${name}`);
  return found[0];
}
