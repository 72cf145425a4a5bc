import { z } from 'zod';
import type { JsonObject } from '../src/index.ts';
import { defineJob, PermanentJobError } from '../src/index.ts';
import { MAX_CSV_BYTES, parseCsvTable } from './csv.ts';
import type { ColumnStats, GroupStats } from './csv-stats.ts';
import { columnStats, groupStats } from './csv-stats.ts';
import { fileKey } from './file-key.ts';
import { readSourceText } from './source-file.ts';

/** The result lives on the job record; the JSON file under results/ holds everything. */
const RESULT_BUDGET_BYTES = 8_000;
const CLIP = 80;

/** Tried in order until the summary fits the budget: a wide or many-grouped file is cut down step by step. */
const SUMMARY_LEVELS = [
  { columns: 40, groups: 10, sums: true },
  { columns: 40, groups: 10, sums: false },
  { columns: 20, groups: 5, sums: false },
  { columns: 10, groups: 0, sums: false },
] as const;

type SummaryLevel = (typeof SUMMARY_LEVELS)[number];

export const data = defineJob({
  description: 'Reads a CSV file from the files bucket, computes per-column statistics (optionally grouped).',
  schema: z.strictObject({
    file: fileKey,
    groupBy: z.string().min(1).max(128).optional(),
  }),
  handler: async (payload, { jobId, files }) => {
    const table = parseCsvTable(await readSourceText(files, payload.file, MAX_CSV_BYTES));
    const stats = columnStats(table);
    const { groupBy } = payload;
    if (groupBy !== undefined && !table.header.includes(groupBy)) {
      const available = table.header.slice(0, 50);
      throw new PermanentJobError(
        `data: no column "${groupBy}" to group by. Columns: ${available.join(', ')}.`,
        {
          groupBy,
          columns: available,
        },
      );
    }
    const groups = groupBy === undefined ? undefined : groupStats(table, stats, groupBy);

    const key = `results/${jobId}.json`;
    const full = {
      file: payload.file,
      rows: stats.rows,
      columns: stats.columns,
      ...(groups && { groupBy, groups }),
    };
    await files.put(key, `${JSON.stringify(full, null, 2)}\n`, 'application/json');

    const summary = (level: SummaryLevel) =>
      summarise(payload.file, key, stats.rows, stats.columns, groupBy, groups, level);
    const fitting = SUMMARY_LEVELS.map(summary).find((s) => JSON.stringify(s).length <= RESULT_BUDGET_BYTES);
    return fitting ?? summary(SUMMARY_LEVELS[SUMMARY_LEVELS.length - 1]!);
  },
});

function summarise(
  file: string,
  key: string,
  rows: number,
  columns: readonly ColumnStats[],
  groupBy: string | undefined,
  groups: readonly GroupStats[] | undefined,
  level: SummaryLevel,
): JsonObject {
  const shownGroups = groups?.slice(0, level.groups) ?? [];
  const truncated =
    columns.length > level.columns || (groups !== undefined && groups.length > shownGroups.length);
  return {
    file,
    rows,
    columns: columns.slice(0, level.columns).map(columnSummary),
    key,
    ...(groupBy !== undefined &&
      groups && {
        groups: {
          by: clip(groupBy),
          count: groups.length,
          largest: shownGroups.map((g) => ({
            value: clip(g.value),
            rows: g.rows,
            ...(level.sums && { sums: g.sums }),
          })),
        },
      }),
    ...(truncated && { truncated: true }),
  };
}

function columnSummary(column: ColumnStats): JsonObject {
  const name = clip(column.name);
  if (column.kind === 'numeric') {
    const { kind, count, min, max, sum, mean } = column;
    return { name, kind, count, min, max, sum, mean };
  }
  return {
    name,
    kind: column.kind,
    count: column.count,
    distinct: column.distinct,
    distinctCapped: column.distinctCapped,
  };
}

function clip(text: string): string {
  return text.length > CLIP ? `${text.slice(0, CLIP - 1)}…` : text;
}
