import { z } from 'zod';
import { defineJob } from '../src/index.ts';
import type { CsvTable } from './csv.ts';
import { MAX_CSV_BYTES, parseCsvTable } from './csv.ts';
import type { TableStats } from './csv-stats.ts';
import { columnStats } from './csv-stats.ts';
import { fileKey } from './file-key.ts';
import type { ReportDocument } from './report-render.ts';
import { renderHtml, renderMarkdown } from './report-render.ts';
import { readSourceText } from './source-file.ts';

const DEFAULT_SOURCE = 'data/sales.csv';
const PREVIEW_ROWS = 10;
const CONTENT_TYPES = { html: 'text/html; charset=utf-8', md: 'text/markdown; charset=utf-8' } as const;
const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

export const report = defineJob({
  description: 'Builds an HTML or Markdown report of a CSV file and writes it under reports/.',
  schema: z.strictObject({
    source: fileKey.optional(),
    title: z.string().max(200).optional(),
    format: z.enum(['html', 'md']).optional(),
  }),
  handler: async (payload, { jobId, files }) => {
    const source = payload.source ?? DEFAULT_SOURCE;
    const format = payload.format ?? 'html';
    const table = parseCsvTable(await readSourceText(files, source, MAX_CSV_BYTES));
    const doc = reportDocument(payload.title ?? `Report: ${source}`, source, table, columnStats(table));
    const text = format === 'html' ? renderHtml(doc) : renderMarkdown(doc);

    const key = `reports/${jobId}.${format}`;
    const bytes = new TextEncoder().encode(text);
    await files.put(key, bytes, CONTENT_TYPES[format]);
    return { key, format, rows: table.rows.length, bytes: bytes.byteLength };
  },
});

function reportDocument(title: string, source: string, table: CsvTable, stats: TableStats): ReportDocument {
  const n = (value: number) => numberFormat.format(value);
  const columns = stats.columns.map((c) =>
    c.kind === 'numeric'
      ? [c.name, 'number', n(c.count), n(c.empty), n(c.min), n(c.max), n(c.sum), n(c.mean), '']
      : [
          c.name,
          'text',
          n(c.count),
          n(c.empty),
          '',
          '',
          '',
          '',
          `${n(c.distinct)}${c.distinctCapped ? '+' : ''}`,
        ],
  );
  // A column where every value is unique (ids, dates) has no "most frequent" worth showing.
  const topValues = stats.columns.flatMap((c) =>
    c.kind === 'text' && c.distinct < c.count ? c.top.map((t) => [c.name, t.value, n(t.count)]) : [],
  );
  return {
    title,
    facts: [
      ['Source', source],
      ['Rows', n(stats.rows)],
      ['Columns', n(stats.columns.length)],
      ['Generated', new Date().toISOString()],
    ],
    tables: [
      {
        heading: 'Columns',
        header: ['Column', 'Type', 'Values', 'Empty', 'Min', 'Max', 'Sum', 'Mean', 'Distinct'],
        rows: columns,
      },
      { heading: 'Most frequent values', header: ['Column', 'Value', 'Count'], rows: topValues },
      {
        heading: `First ${Math.min(PREVIEW_ROWS, table.rows.length)} rows`,
        header: table.header,
        rows: table.rows.slice(0, PREVIEW_ROWS),
      },
    ],
  };
}
