import type { CsvTable } from './csv.ts';

/** How many distinct values a text column tracks before it stops counting (memory stays bounded). */
export const DISTINCT_CAP = 10_000;
const TOP_VALUES = 5;

// Type aliases rather than interfaces, and mutable arrays, so the stats are assignable to JsonValue.
export type NumericColumnStats = {
  readonly name: string;
  readonly kind: 'numeric';
  /** Non-empty cells. */
  readonly count: number;
  readonly empty: number;
  readonly min: number;
  readonly max: number;
  readonly sum: number;
  readonly mean: number;
};

export type TextColumnStats = {
  readonly name: string;
  readonly kind: 'text';
  readonly count: number;
  readonly empty: number;
  /** Distinct non-empty values, up to DISTINCT_CAP. */
  readonly distinct: number;
  readonly distinctCapped: boolean;
  /** Most frequent values, most frequent first; exact only when the distinct count is not capped. */
  readonly top: { readonly value: string; readonly count: number }[];
};

export type ColumnStats = NumericColumnStats | TextColumnStats;

export type GroupStats = {
  readonly value: string;
  readonly rows: number;
  /** Sum of each numeric column (other than the grouping one) within the group. */
  readonly sums: Readonly<Record<string, number>>;
};

export type TableStats = {
  readonly rows: number;
  readonly columns: ColumnStats[];
};

// Stricter than Number(): "0x1F", "Infinity" and " " are text in a CSV, not numbers.
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export function parseNumber(cell: string): number | undefined {
  const trimmed = cell.trim();
  if (!NUMBER.test(trimmed)) return undefined;
  const value = Number(trimmed);
  // "1e999" overflows to Infinity, which JSON cannot carry.
  return Number.isFinite(value) ? value : undefined;
}

/** A column is numeric when it has at least one value and every non-empty cell is a number. */
export function columnStats(table: CsvTable): TableStats {
  const columns = table.header.map((name, index) =>
    oneColumn(
      name,
      table.rows.map((row) => row[index] ?? ''),
    ),
  );
  return { rows: table.rows.length, columns };
}

function oneColumn(name: string, cells: readonly string[]): ColumnStats {
  const values = cells.filter((cell) => cell.trim() !== '');
  const empty = cells.length - values.length;
  const numbers = values.map(parseNumber);
  if (values.length > 0 && numbers.every((n) => n !== undefined)) {
    const nums = numbers as number[];
    // A loop, not Math.min(...nums): spreading a large column overflows the call stack.
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    let sum = 0;
    for (const n of nums) {
      if (n < min) min = n;
      if (n > max) max = n;
      sum += n;
    }
    return { name, kind: 'numeric', count: nums.length, empty, min, max, sum, mean: sum / nums.length };
  }
  const counts = new Map<string, number>();
  let capped = false;
  for (const value of values) {
    const seen = counts.get(value);
    if (seen !== undefined) counts.set(value, seen + 1);
    else if (counts.size < DISTINCT_CAP) counts.set(value, 1);
    else capped = true;
  }
  const top = [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, TOP_VALUES)
    .map(([value, count]) => ({ value, count }));
  return {
    name,
    kind: 'text',
    count: values.length,
    empty,
    distinct: counts.size,
    distinctCapped: capped,
    top,
  };
}

/** Row count and numeric sums per value of `column`, largest groups first. */
export function groupStats(table: CsvTable, stats: TableStats, column: string): GroupStats[] {
  const by = table.header.indexOf(column);
  const summed = stats.columns
    .map((col, index) => ({ col, index }))
    .filter(({ col, index }) => col.kind === 'numeric' && index !== by);
  const groups = new Map<string, { rows: number; sums: number[] }>();
  for (const row of table.rows) {
    const key = row[by] ?? '';
    const group = groups.get(key) ?? { rows: 0, sums: summed.map(() => 0) };
    groups.set(key, group);
    group.rows += 1;
    summed.forEach(({ index }, i) => {
      group.sums[i]! += parseNumber(row[index] ?? '') ?? 0;
    });
  }
  return [...groups]
    .map(([value, group]) => ({
      value,
      rows: group.rows,
      sums: Object.fromEntries(summed.map(({ col }, i) => [col.name, group.sums[i]!])),
    }))
    .sort((a, b) => b.rows - a.rows || (a.value < b.value ? -1 : 1));
}
