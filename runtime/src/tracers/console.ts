import { createNativeTracer, type FinishedSpan } from '../native-span.js';
import type { Tracer } from '../tracer.js';

/** Options of {@link createConsoleTracer}. */
export interface ConsoleTracerOptions {
  /** Where each printed trace goes, one call per trace. Defaults to `console.log`. */
  write?: (text: string) => void;
  /** How many unfinished traces to hold at most before the oldest is printed as it is. Default 100. */
  maxPendingTraces?: number;
}

/**
 * A tracer that prints each trace as a tree once its root span finishes:
 *
 * ```
 * handleOrder 12.41ms order.kind=retail
 * ├─ loadCustomer 3.02ms
 * └─ charge 1.10ms ERROR PaymentError: card declined
 * ```
 *
 * Spans that finish after their root (fire-and-forget work) print on their own line, marked "late".
 */
export function createConsoleTracer(options: ConsoleTracerOptions = {}): Tracer {
  const write = options.write ?? ((text: string) => console.log(text));
  const maxPending = options.maxPendingTraces ?? 100;
  const pending = new Map<string, FinishedSpan[]>();

  const flush = (traceId: string) => {
    const spans = pending.get(traceId);
    pending.delete(traceId);
    if (spans !== undefined && spans.length > 0) write(renderTree(spans));
  };

  return createNativeTracer((span) => {
    let spans = pending.get(span.traceId);
    if (spans === undefined) {
      if (span.parentId !== null) {
        write(`(late) ${describe(span)} [parent ${span.parentId}]`);
        return;
      }
      spans = [];
      pending.set(span.traceId, spans);
    }
    spans.push(span);
    if (span.parentId === null) flush(span.traceId);
    else if (pending.size > maxPending) flush(pending.keys().next().value as string);
  });
}

function describe(span: FinishedSpan): string {
  const parts = [span.name, `${span.duration.toFixed(2)}ms`];
  if (span.resource !== span.name) parts.push(`resource=${span.resource}`);
  if (span.service !== undefined) parts.push(`service=${span.service}`);
  if (span.type !== undefined) parts.push(`type=${span.type}`);
  for (const [key, value] of Object.entries(span.tags)) {
    if (!key.startsWith('error.')) parts.push(`${key}=${JSON.stringify(value)}`);
  }
  if (span.error === 1) parts.push(`ERROR ${span.tags['error.type'] ?? ''}: ${span.tags['error.message'] ?? ''}`);
  return parts.join(' ');
}

/** Renders spans of one trace as a tree ordered by start time. Spans whose parent is missing become roots. */
export function renderTree(spans: readonly FinishedSpan[]): string {
  const ids = new Set(spans.map((span) => span.spanId));
  const children = new Map<string | null, FinishedSpan[]>();
  for (const span of spans) {
    const parent = span.parentId !== null && ids.has(span.parentId) ? span.parentId : null;
    const list = children.get(parent) ?? [];
    list.push(span);
    children.set(parent, list);
  }
  for (const list of children.values()) list.sort((a, b) => a.start - b.start);

  const lines: string[] = [];
  const visit = (span: FinishedSpan, prefix: string, branch: string) => {
    lines.push(prefix + branch + describe(span));
    const kids = children.get(span.spanId) ?? [];
    const childPrefix = prefix + (branch === '' ? '' : branch === '└─ ' ? '   ' : '│  ');
    kids.forEach((kid, index) => visit(kid, childPrefix, index === kids.length - 1 ? '└─ ' : '├─ '));
  };
  for (const root of children.get(null) ?? []) visit(root, '', '');
  return lines.join('\n');
}
