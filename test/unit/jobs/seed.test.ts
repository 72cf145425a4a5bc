import { Jimp } from 'jimp';
import { describe, expect, it } from 'vitest';
import { parseCsvTable } from '../../../jobs/csv.ts';
import { jobs } from '../../../jobs/index.ts';
import { seedSampleFiles } from '../../../jobs/seed.ts';
import { MemoryFileStore } from '../../../src/adapters/memory/file-store.ts';
import { jobContext } from '../../helpers/job-context.ts';

const SAMPLE_KEYS = [
  'img.png',
  'photos/cat.jpg',
  'data/sales.csv',
  'tmp/scratch.txt',
  'tmp/upload-0001.part',
];

describe('seedSampleFiles', () => {
  it('writes real sample files that the jobs can use', async () => {
    const files = new MemoryFileStore();
    expect(await seedSampleFiles(files)).toEqual(SAMPLE_KEYS);

    const png = await Jimp.read(Buffer.from(await files.get('img.png')));
    expect([png.width, png.height, png.mime]).toEqual([640, 480, 'image/png']);
    const jpeg = await Jimp.read(Buffer.from(await files.get('photos/cat.jpg')));
    expect(jpeg.mime).toBe('image/jpeg');

    const table = parseCsvTable(new TextDecoder().decode(await files.get('data/sales.csv')));
    expect(table.header).toEqual(['date', 'region', 'product', 'units', 'price']);
    expect(table.rows).toHaveLength(50);
    expect(table.rows.map((row) => row[2])).toContain('Widget, large');
    expect(await files.list('tmp/')).toHaveLength(2);

    const context = jobContext({ files });
    await expect(jobs.resize.handler({ file: 'img.png' }, context)).resolves.toMatchObject({
      width: 256,
      height: 192,
    });
    await expect(
      jobs.data.handler({ file: 'data/sales.csv', groupBy: 'region' }, context),
    ).resolves.toMatchObject({
      rows: 50,
      groups: { count: 4 },
    });
    await expect(jobs.report.handler({}, context)).resolves.toMatchObject({ rows: 50 });
  });

  it('leaves existing files alone and writes only what is missing', async () => {
    const files = new MemoryFileStore();
    await files.put('data/sales.csv', 'mine\n1\n');
    expect(await seedSampleFiles(files)).toEqual(SAMPLE_KEYS.filter((key) => key !== 'data/sales.csv'));
    expect(new TextDecoder().decode(await files.get('data/sales.csv'))).toBe('mine\n1\n');
    expect(await seedSampleFiles(files)).toEqual([]);
  });
});
