import { describe, expect, it } from 'vitest';
import { MAX_CSV_BYTES, MAX_CSV_ROWS } from '../../../jobs/csv.ts';
import { data } from '../../../jobs/data.ts';
import { PermanentJobError } from '../../../src/core/errors.ts';
import { jobContext } from '../../helpers/job-context.ts';

const SALES = [
  'region,product,units,price',
  'North,"Widget, large",3,2.5',
  'South,"The ""best"" gadget",5,10',
  'North,Widget,,4',
  'East,Widget,2,1.5',
  '',
].join('\r\n');

async function run(payload: Parameters<typeof data.handler>[0], csv = SALES) {
  const context = jobContext({ jobId: 'job-data' });
  await context.files.put('data/sales.csv', csv, 'text/csv');
  const result = await data.handler(payload, context);
  const full = JSON.parse(new TextDecoder().decode(await context.files.get('results/job-data.json')));
  return { result, full, context };
}

describe('data', () => {
  it('computes per-column statistics and writes them to results/', async () => {
    const { result, full } = await run({ file: 'data/sales.csv' });
    expect(result).toEqual({
      file: 'data/sales.csv',
      rows: 4,
      key: 'results/job-data.json',
      columns: [
        { name: 'region', kind: 'text', count: 4, distinct: 3, distinctCapped: false },
        { name: 'product', kind: 'text', count: 4, distinct: 3, distinctCapped: false },
        { name: 'units', kind: 'numeric', count: 3, min: 2, max: 5, sum: 10, mean: 10 / 3 },
        { name: 'price', kind: 'numeric', count: 4, min: 1.5, max: 10, sum: 18, mean: 4.5 },
      ],
    });
    expect(full.columns[1]).toMatchObject({
      name: 'product',
      top: [
        { value: 'Widget', count: 2 },
        { value: 'The "best" gadget', count: 1 },
        { value: 'Widget, large', count: 1 },
      ],
    });
    expect(full.columns[2]).toMatchObject({ name: 'units', empty: 1 });
  });

  it('groups: row count and numeric sums per value', async () => {
    const { result, full } = await run({ file: 'data/sales.csv', groupBy: 'region' });
    const expected = [
      { value: 'North', rows: 2, sums: { units: 3, price: 6.5 } },
      { value: 'East', rows: 1, sums: { units: 2, price: 1.5 } },
      { value: 'South', rows: 1, sums: { units: 5, price: 10 } },
    ];
    expect(full.groupBy).toBe('region');
    expect(full.groups).toEqual(expected);
    expect(result).toMatchObject({ groups: { by: 'region', count: 3, largest: expected } });
  });

  it('fails permanently when the groupBy column does not exist, naming the columns there are', async () => {
    const context = jobContext();
    await context.files.put('data/sales.csv', SALES);
    const error = await data
      .handler({ file: 'data/sales.csv', groupBy: 'country' }, context)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentJobError);
    expect((error as Error).message).toContain('"country"');
    expect((error as Error).message).toContain('region, product, units, price');
  });

  it('refuses a file over MAX_CSV_BYTES from its size, before reading it, naming both sizes', async () => {
    const context = jobContext();
    await context.files.put('data/huge.csv', `a\n${'1\n'.repeat(MAX_CSV_BYTES / 2)}`);
    const error = await data.handler({ file: 'data/huge.csv' }, context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentJobError);
    expect((error as Error).message).toBe(
      'The file "data/huge.csv" is 16.0 MB; this job reads files of at most 16.0 MB.',
    );
  });

  it(`refuses a file of more than ${MAX_CSV_ROWS} rows, and takes one of exactly that many`, async () => {
    const context = jobContext();
    await context.files.put('data/many.csv', `n\n${'7\n'.repeat(MAX_CSV_ROWS + 1)}`);
    const error = await data.handler({ file: 'data/many.csv' }, context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentJobError);
    expect((error as Error).message).toContain(`the limit is ${MAX_CSV_ROWS}`);
    await context.files.put('data/many.csv', `n\n${'7\n'.repeat(MAX_CSV_ROWS)}`);
    expect(await data.handler({ file: 'data/many.csv' }, context)).toMatchObject({ rows: MAX_CSV_ROWS });
  });

  it('fails permanently when the file is missing', async () => {
    await expect(data.handler({ file: 'data/none.csv' }, jobContext())).rejects.toBeInstanceOf(
      PermanentJobError,
    );
  });

  it('keeps the returned result small for a wide, many-grouped file; the file has everything', async () => {
    const header = Array.from({ length: 120 }, (_, i) => `column_with_a_rather_long_name_${i}`);
    const rows = Array.from({ length: 300 }, (_, r) =>
      header.map((_, c) => (c === 0 ? `group-${r}` : r * c)),
    );
    const csv = [header, ...rows].map((row) => row.join(',')).join('\n');
    const { result, full } = await run({ file: 'data/sales.csv', groupBy: header[0] }, csv);
    expect(JSON.stringify(result).length).toBeLessThanOrEqual(8_000);
    expect(result).toMatchObject({ rows: 300, truncated: true, groups: { count: 300 } });
    expect(full.columns).toHaveLength(120);
    expect(full.groups).toHaveLength(300);
  });
});
