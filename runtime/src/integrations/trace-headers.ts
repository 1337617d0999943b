import type { TraceIds } from '../tracer.js';

// Datadog's headers carry the low 64 bits of the trace id in decimal; the high 64 bits travel as the
// propagated tag `_dd.p.tid`, in hex. W3C trace context carries all 128 bits in hex.
const decimal = (hex: string): string => BigInt(`0x${hex}`).toString(10);

/**
 * The headers that let another service continue a trace: W3C `traceparent`/`tracestate` and
 * Datadog's `x-datadog-*`. `tracestate` keeps the other vendors' entries it is given, after ours.
 */
export function traceHeaders(ids: TraceIds, tracestate: string | null): Array<[string, string]> {
  const { traceId, spanId } = ids;
  const priority = ids.sampled ? '1' : '0';
  const others = (tracestate ?? '')
    .split(',')
    .map((member) => member.trim())
    .filter((member) => member !== '' && !member.startsWith('dd='));
  const headers: Array<[string, string]> = [
    ['traceparent', `00-${traceId}-${spanId}-${ids.sampled ? '01' : '00'}`],
    ['tracestate', [`dd=s:${priority};p:${spanId}`, ...others].join(',')],
    ['x-datadog-trace-id', decimal(traceId.slice(16))],
    ['x-datadog-parent-id', decimal(spanId)],
    ['x-datadog-sampling-priority', priority],
  ];
  const high = traceId.slice(0, 16);
  if (!/^0+$/.test(high)) headers.push(['x-datadog-tags', `_dd.p.tid=${high}`]);
  return headers;
}
