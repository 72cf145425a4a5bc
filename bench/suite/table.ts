/** A table row: the first row's keys are the columns; a missing cell prints empty. */
export type Row = Readonly<Record<string, string | number>>;

/**
 * How a number is shown in a table: whole numbers with thousands separators, others with fewer
 * decimals the larger they are, so a column of rates or per-job ratios stays readable.
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  const magnitude = Math.abs(value);
  // Per-job GB-s and the like: two significant digits say more than "0.000".
  if (magnitude > 0 && magnitude < 0.01) return value.toPrecision(2);
  const decimals = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/**
 * Aligned columns: a header, a rule, then one line per row. Numbers align right (so digits line up),
 * text left. Every line is indented by `indent`.
 */
export function formatTable(rows: readonly Row[], indent = '  '): string[] {
  const first = rows[0];
  if (!first) return [];
  const columns = Object.keys(first);
  const cells = rows.map((row) =>
    columns.map((column) => {
      const value = row[column];
      return value === undefined ? '' : typeof value === 'number' ? formatNumber(value) : value;
    }),
  );
  const numeric = columns.map((column) => rows.every((row) => typeof (row[column] ?? 0) === 'number'));
  const widths = columns.map((column, i) =>
    Math.max(width(column), ...cells.map((line) => width(line[i] ?? ''))),
  );
  const pad = (text: string, i: number) => {
    const gap = ' '.repeat((widths[i] ?? 0) - width(text));
    return numeric[i] ? gap + text : text + gap;
  };
  const line = (texts: readonly string[]) => `${indent}${texts.map(pad).join('  ').replace(/\s+$/, '')}`;
  return [
    line(columns),
    `${indent}${widths.map((w) => '─'.repeat(w)).join('  ')}`,
    ...cells.map((texts) => line(texts)),
  ];
}

/** Characters as a terminal shows them (no wide characters are used in the tables). */
function width(text: string): number {
  return [...text].length;
}
