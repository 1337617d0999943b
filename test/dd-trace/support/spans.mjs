// Lookups over a trace as the stand-in received it (ids are BigInt).
import assert from 'node:assert/strict';

/** A predicate for `waitForTrace`: the trace holds a span called `name`. */
export const holds = (name) => (trace) => trace.some((span) => span.name === name);

/** The one span called `name` in `trace`; fails the test when there are none or several. */
export function only(trace, name) {
  const found = trace.filter((span) => span.name === name);
  assert.equal(found.length, 1, `expected one ${name} span in [${trace.map((span) => span.name).join(', ')}]`);
  return found[0];
}

/** Asserts that `child`'s parent is `parent` and that it ran within its parent's time. */
export function assertChildOf(child, parent) {
  assert.equal(child.parent_id, parent.span_id, `${child.name} must be a child of ${parent.name}`);
  assert.equal(child.trace_id, parent.trace_id);
  assert.ok(BigInt(child.start) >= BigInt(parent.start), `${child.name} starts within ${parent.name}`);
  assert.ok(
    BigInt(child.start) + BigInt(child.duration) <= BigInt(parent.start) + BigInt(parent.duration),
    `${child.name} ends within ${parent.name}`,
  );
}

/** dd-trace's id of a live span, as the Agent receives it. */
export const spanIdOf = (ddSpan) => BigInt(ddSpan.context().toSpanId());
