import type { TraceIds } from '../tracer.js';

// Datadog's headers carry the low 64 bits of the trace id in decimal; the high 64 bits travel as the
// propagated tag `_dd.p.tid`, in hex. W3C trace context carries all 128 bits in hex.
const decimal = (hex: string): string => BigInt(`0x${hex}`).toString();

/**
 * Adds the headers that let another service continue a trace: W3C `traceparent`/`tracestate` and
 * Datadog's `x-datadog-*`. `tracestate` keeps the other vendors' entries it holds, after ours.
 * Headers that carry a trace already (the caller, or a layer we cannot see, propagates) are left
 * alone: the answer is then false.
 */
export function addTraceHeaders(headers: Headers, { traceId, spanId, sampled }: TraceIds): boolean {
  if (headers.has('traceparent') || headers.has('x-datadog-trace-id')) return false;
  const priority = sampled ? '1' : '0';
  const others = (headers.get('tracestate') ?? '')
    .trim()
    .split(/\s*,\s*/)
    .filter((member) => member && !member.startsWith('dd='));
  const high = traceId.slice(0, 16);
  headers.set('traceparent', `00-${traceId}-${spanId}-0${priority}`);
  headers.set('tracestate', [`dd=s:${priority};p:${spanId}`, ...others].join(','));
  headers.set('x-datadog-trace-id', decimal(traceId.slice(16)));
  headers.set('x-datadog-parent-id', decimal(spanId));
  headers.set('x-datadog-sampling-priority', priority);
  if (/[^0]/.test(high)) headers.set('x-datadog-tags', `_dd.p.tid=${high}`);
  return true;
}
