import { describe, expect, it } from 'vitest';
import { cleanup } from '../../../jobs/cleanup.ts';
import { jobs } from '../../../jobs/index.ts';
import { PermanentJobError } from '../../../src/core/errors.ts';
import { jobContext } from '../../helpers/job-context.ts';

const HOUR = 3_600_000;

async function bucketWith(files: Record<string, number>) {
  const context = jobContext();
  for (const [key, ageMs] of Object.entries(files)) {
    await context.files.put(key, key);
    context.files.setLastModified(key, new Date(Date.now() - ageMs));
  }
  return context;
}

describe('cleanup', () => {
  it('deletes files under tmp/ older than a day by default, and nothing else', async () => {
    const context = await bucketWith({
      'tmp/old-1.txt': 48 * HOUR,
      'tmp/nested/old-2.txt': 25 * HOUR,
      'tmp/fresh.txt': 1 * HOUR,
      'img.png': 100 * HOUR,
      'tmpfile.txt': 100 * HOUR,
    });
    const result = await cleanup.handler({}, context);
    expect(result).toEqual({
      prefix: 'tmp/',
      scanned: 3,
      deleted: 2,
      keys: ['tmp/nested/old-2.txt', 'tmp/old-1.txt'],
    });
    expect((await context.files.list('')).map((f) => f.key)).toEqual([
      'img.png',
      'tmp/fresh.txt',
      'tmpfile.txt',
    ]);
  });

  it('honours the given prefix and age', async () => {
    const context = await bucketWith({
      'tmp/uploads/a.csv': 2 * HOUR,
      'tmp/uploads/b.csv': 10_000,
      'tmp/x': 100 * HOUR,
    });
    const result = await cleanup.handler({ prefix: 'tmp/uploads/', olderThanSeconds: 3_600 }, context);
    expect(result).toEqual({ prefix: 'tmp/uploads/', scanned: 2, deleted: 1, keys: ['tmp/uploads/a.csv'] });
    expect((await context.files.list('')).map((f) => f.key)).toEqual(['tmp/uploads/b.csv', 'tmp/x']);
  });

  it('lists at most 100 keys in its result but deletes them all', async () => {
    const ages = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`tmp/f-${i}`, 48 * HOUR]));
    const context = await bucketWith(ages);
    const result = (await cleanup.handler({}, context)) as { deleted: number; keys: string[] };
    expect(result.deleted).toBe(150);
    expect(result.keys).toHaveLength(100);
    expect(await context.files.list('tmp/')).toEqual([]);
  });

  it('deletes nothing outside the scratch area tmp/: the bucket keeps its inputs and outputs', async () => {
    const context = await bucketWith({
      'img.png': 100 * HOUR,
      'data/sales.csv': 100 * HOUR,
      'resized/img-256x192.png': 100 * HOUR,
      'outbox/a.eml': 100 * HOUR,
    });
    for (const prefix of ['', '/', '  ', 'd', 'outbox/', 'resized', 'tmpx/', 'tmp/../', 'tmp/./', 'tmp//']) {
      const error = await cleanup.handler({ prefix, olderThanSeconds: 0 }, context).catch((e: unknown) => e);
      expect(error, prefix).toBeInstanceOf(PermanentJobError);
      expect((error as Error).message).toContain('must be a folder under tmp/');
    }
    expect(await context.files.list('')).toHaveLength(4);
  });

  it('is refused at submission (a 400) with a prefix outside the scratch area', () => {
    const parsed = jobs.cleanup.schema.safeParse({ prefix: 'd', olderThanSeconds: 0 });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({
      path: ['prefix'],
      message: expect.stringContaining('tmp/'),
    });
    expect(jobs.cleanup.schema.safeParse({ prefix: 'tmp/old/' }).success).toBe(true);
  });
});
