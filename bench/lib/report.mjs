// Tables for every suite: one shape (what is measured, against which reference, the ratio and the
// target), printed as Markdown so that a run's output can go into docs/BENCHMARKS.md as it is.

/** `12.3 ns`, `1.24 µs`, `812 ms`: three significant digits, the unit that fits. */
export function formatTime(ns) {
  if (!Number.isFinite(ns)) return 'n/a';
  const abs = Math.abs(ns);
  const sign = ns < 0 && abs >= 0.005 ? '−' : '';
  const [value, unit] = abs >= 1e6 ? [abs / 1e6, 'ms'] : abs >= 1e3 ? [abs / 1e3, 'µs'] : [abs, 'ns'];
  return `${sign}${value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2)} ${unit}`;
}

export function formatBytes(bytes) {
  if (!Number.isFinite(bytes)) return 'n/a';
  const abs = Math.abs(bytes);
  const sign = bytes < 0 && abs >= 0.5 ? '−' : '';
  if (abs >= 1024 * 1024) return `${sign}${(abs / 1024 / 1024).toFixed(2)} MB`;
  return abs >= 1024 ? `${sign}${(abs / 1024).toFixed(2)} KB` : `${sign}${Math.round(abs)} B`;
}

export function formatRatio(ratio) {
  if (!Number.isFinite(ratio)) return 'n/a';
  const abs = Math.abs(ratio);
  return `${ratio < 0 && abs >= 0.005 ? '−' : ''}${abs >= 10 ? abs.toFixed(1) : abs.toFixed(2)}×`;
}

/** A target such as `≤ 1.35×`, and whether `ratio` meets it. `null`: a reference row, no target. */
export function target(max) {
  return max === null ? { text: '(reference)', met: () => null } : { text: `≤ ${max}×`, met: (ratio) => ratio <= max };
}

function markdown(headers, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/**
 * A table whose rows compare something of ours with a reference measured in the same run.
 * Each row: `{ group, subject, value, reference, referenceValue, ratio, max, format }`, where
 * `value`/`referenceValue` are numbers shown through `format` (a time by default) and `max` is the
 * target ratio (`null` for rows shown for reference only).
 */
export function comparisonTable(title, rows, { note } = {}) {
  const body = rows.map((row) => {
    const format = row.format ?? formatTime;
    const goal = target(row.max ?? null);
    const met = goal.met(row.ratio);
    return [
      row.group,
      row.subject,
      format(row.value),
      row.reference,
      format(row.referenceValue),
      formatRatio(row.ratio),
      goal.text,
      met === null ? '' : met ? 'met' : '**missed**',
    ];
  });
  const headers = ['', 'measured', 'median', 'reference', 'median', 'ratio', 'target', ''];
  return { title, text: markdown(headers, body), note, missed: rows.filter((row) => target(row.max ?? null).met(row.ratio) === false) };
}

/** A plain table (allocations, heap, spans per second). */
export function simpleTable(title, headers, rows, { note } = {}) {
  return { title, text: markdown(headers, rows), note, missed: [] };
}

export function printTable(table) {
  console.log(`\n### ${table.title}\n`);
  console.log(table.text);
  if (table.note) console.log(`\n${table.note}`);
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
