/**
 * How the CLI lays out what people read: aligned tables, label/value blocks, times. Pure, so the
 * tests pin every case. Everything that came from the API passes through `printable` (type names,
 * errors and payloads are written by whoever submits jobs).
 */
import { textWidth as width } from './dashboard/format.ts';
import { printable } from './dashboard/sanitize.ts';

export { formatCount, formatRate, plural } from './dashboard/format.ts';

/** Columns padded to their widest cell, two spaces apart; the header in capitals. No trailing spaces. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const cells = [headers.map((header) => header.toUpperCase()), ...rows.map((row) => row.map(printable))];
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => width(row[column] ?? ''))));
  return cells.map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : pad(cell, widths[column] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

/** `label   value` lines, values aligned; pairs whose value is undefined are left out. */
export function labelled(pairs: readonly (readonly [string, string | undefined])[]): string[] {
  const shown = pairs.filter((pair): pair is readonly [string, string] => pair[1] !== undefined);
  const labelWidth = Math.max(0, ...shown.map(([label]) => width(label)));
  return shown.map(([label, value]) => `${pad(label, labelWidth)}  ${printable(value)}`);
}

/** `2026-05-01T12:00:03Z`: UTC, to the second; what is not a time is shown as it is. */
export function formatTime(iso: string | undefined): string | undefined {
  if (iso === undefined) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** "1/3": attempts started of those the job gets. */
export function formatAttempts(job: { readonly attempts: number; readonly maxAttempts: number }): string {
  return `${job.attempts}/${job.maxAttempts}`;
}

/** JSON on one line, for a payload or a result inside a human block. */
export function inlineJson(value: unknown): string | undefined {
  return value === undefined ? undefined : JSON.stringify(value);
}

function pad(text: string, to: number): string {
  return text + ' '.repeat(Math.max(0, to - width(text)));
}
