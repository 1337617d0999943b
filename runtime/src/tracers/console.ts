import { createNativeTracer, type FinishedSpan, type SpanSink } from '../native-span.js';
import type { Tracer } from '../tracer.js';

/** Options of {@link createConsoleTracer}. */
export interface ConsoleTracerOptions {
  /** Where each printed trace goes, one call per trace. Defaults to `console.log`. */
  write?: (text: string) => void;
  /** How many unfinished traces to hold at most before the oldest is printed as it is. Default 100. */
  maxPendingTraces?: number;
  /** ANSI colours. Default: on when `write` is the default and stdout is a terminal that has colours. */
  color?: boolean;
}

/** Options of {@link renderTree}. */
export interface RenderOptions {
  /** ANSI colours: dim tree lines and details, red errors. Default `false`. */
  color?: boolean;
}

/**
 * A tracer that prints each trace as a tree once its root span finishes, one block per trace:
 *
 * ```
 * trace 6c0f8a1e93d24b7f0a5e1c2d3b4f5a69 · 3 spans · 12.41 ms
 * processOrder     12.41 ms  order.kind=retail
 * ├─ loadCustomer   3.02 ms
 * └─ charge         1.10 ms  resource="POST /charges"
 *    ✗ PaymentError: card declined
 * ```
 *
 * A span that finishes after its root (fire-and-forget work) gets a block of its own, marked "late".
 * Each block ends with an empty line.
 */
export function createConsoleTracer(options: ConsoleTracerOptions = {}): Tracer {
  return createNativeTracer(createConsoleSink(options));
}

/** The console tracer's sink, to combine with another one (an exporter's) under one native tracer. */
export function createConsoleSink(options: ConsoleTracerOptions = {}): SpanSink {
  const write = options.write ?? ((text: string) => console.log(text));
  const color = options.color ?? (options.write === undefined && stdoutHasColors());
  const maxPending = options.maxPendingTraces ?? 100;
  // Children finish before their root, so a trace is held until its root arrives. The ids of traces
  // already printed are remembered (as many as may be pending) to tell a late span from a new trace.
  const pending = new Map<string, FinishedSpan[]>();
  const printed = new Set<string>();

  const print = (header: string, spans: readonly FinishedSpan[]) => {
    write(`${paint(header, BOLD, color)}\n${renderTree(spans, { color })}\n`);
  };

  const flush = (traceId: string) => {
    const spans = pending.get(traceId) ?? [];
    pending.delete(traceId);
    printed.add(traceId);
    if (printed.size > maxPending) printed.delete(printed.values().next().value as string);
    const root = spans.find((span) => span.parentId === null);
    const summary = root === undefined ? 'root not finished' : formatDuration(root.duration);
    print(`trace ${traceId} · ${count(spans.length)} · ${summary}`, spans);
  };

  return (span) => {
    let spans = pending.get(span.traceId);
    if (spans === undefined) {
      if (printed.has(span.traceId)) {
        print(`trace ${span.traceId} · late span, finished after its trace was printed`, [span]);
        return;
      }
      spans = [];
      pending.set(span.traceId, spans);
    }
    spans.push(span);
    if (span.parentId === null) flush(span.traceId);
    else if (pending.size > maxPending) flush(pending.keys().next().value as string);
  };
}

type StdoutLike = { isTTY?: boolean; hasColors?: () => boolean };

// Read through globalThis so that browser bundles, which have no `process`, still load this file.
function stdoutHasColors(): boolean {
  const stdout = (globalThis as { process?: { stdout?: StdoutLike } }).process?.stdout;
  try {
    return stdout?.isTTY === true && stdout.hasColors?.() === true;
  } catch {
    return false;
  }
}

const BOLD = '\x1b[1m';
const DIM = '\x1b[2m';
const RED = '\x1b[31m';
const RESET = '\x1b[0m';

function paint(text: string, code: string, color: boolean): string {
  return color && text !== '' ? code + text + RESET : text;
}

function count(spans: number): string {
  return spans === 1 ? '1 span' : `${spans} spans`;
}

/** `42 µs`, `12.41 ms`, `1.50 s`. */
function formatDuration(ms: number): string {
  if (ms < 0.9995) return `${Math.round(ms * 1000)} µs`;
  return ms < 999.995 ? `${ms.toFixed(2)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

// A value is quoted only when bare text would be ambiguous on the line.
function formatValue(value: string): string {
  return value === '' || /[\s="]/.test(value) ? JSON.stringify(value) : value;
}

// The span's fields beyond name and duration. `function-name` is left out when the span is named
// after the function anyway, and the `error.*` tags have their own line.
function details(span: FinishedSpan): string {
  const parts: string[] = [];
  if (span.resource !== span.name) parts.push(`resource=${formatValue(span.resource)}`);
  if (span.service !== undefined) parts.push(`service=${formatValue(span.service)}`);
  if (span.type !== undefined) parts.push(`type=${formatValue(span.type)}`);
  for (const [key, value] of Object.entries(span.tags)) {
    if (key.startsWith('error.') || (key === 'function-name' && value === span.name)) continue;
    parts.push(`${key}=${formatValue(value)}`);
  }
  return parts.join(' ');
}

function errorLine(span: FinishedSpan): string {
  const type = span.tags['error.type'] || 'Error';
  const message = (span.tags['error.message'] ?? '').replace(/\s*\n\s*/g, ' ⏎ ');
  return `✗ ${message === '' ? type : `${type}: ${message}`}`;
}

interface Row {
  /** Tree lines before the name. */
  readonly prefix: string;
  /** What an error line under this span starts with. */
  readonly continuation: string;
  readonly span: FinishedSpan;
}

// Spans whose parent is not in the list are roots; children are ordered by start time. A span is
// visited once, so a malformed list (a cycle, a repeated id) cannot loop: what no root reaches is
// shown as a root of its own.
function layout(spans: readonly FinishedSpan[]): Row[] {
  const ids = new Set(spans.map((span) => span.spanId));
  const children = new Map<string | null, FinishedSpan[]>();
  for (const span of spans) {
    const parent = span.parentId !== null && ids.has(span.parentId) ? span.parentId : null;
    const list = children.get(parent) ?? [];
    list.push(span);
    children.set(parent, list);
  }
  for (const list of children.values()) list.sort((a, b) => a.start - b.start);

  const rows: Row[] = [];
  const seen = new Set<FinishedSpan>();
  const visit = (span: FinishedSpan, prefix: string, branch: string, below: string) => {
    if (seen.has(span)) return;
    seen.add(span);
    const kids = (children.get(span.spanId) ?? []).filter((kid) => !seen.has(kid));
    const childPrefix = prefix + below;
    rows.push({ prefix: prefix + branch, continuation: childPrefix + (kids.length > 0 ? '│ ' : ''), span });
    kids.forEach((kid, index) => {
      const last = index === kids.length - 1;
      visit(kid, childPrefix, last ? '└─ ' : '├─ ', last ? '   ' : '│  ');
    });
  };
  const byStart = spans.slice().sort((a, b) => a.start - b.start);
  for (const root of children.get(null) ?? []) visit(root, '', '', '');
  for (const span of byStart) visit(span, '', '', '');
  return rows;
}

/**
 * Renders the spans of one trace as a tree, one line per span with its name, duration and details
 * (resource, service, type, tags) in aligned columns, and a `✗ type: message` line under each span
 * that recorded an error. Spans whose parent is missing become roots.
 */
export function renderTree(spans: readonly FinishedSpan[], options: RenderOptions = {}): string {
  const color = options.color ?? false;
  const rows = layout(spans).map((row) => ({ ...row, duration: formatDuration(row.span.duration) }));
  const nameWidth = Math.max(0, ...rows.map((row) => row.prefix.length + row.span.name.length));
  const durationWidth = Math.max(0, ...rows.map((row) => row.duration.length));
  const lines: string[] = [];
  for (const { prefix, continuation, span, duration } of rows) {
    const gap = ' '.repeat(nameWidth - prefix.length - span.name.length);
    const extra = details(span);
    const tail = extra === '' ? '' : `  ${paint(extra, DIM, color)}`;
    lines.push(`${paint(prefix, DIM, color)}${span.name}${gap}  ${duration.padStart(durationWidth)}${tail}`);
    if (span.error === 1) lines.push(paint(continuation, DIM, color) + paint(errorLine(span), RED, color));
  }
  return lines.join('\n');
}
