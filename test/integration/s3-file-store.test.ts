import type { S3Client } from '@aws-sdk/client-s3';
import { CreateBucketCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { FauxqsServer } from 'fauxqs';
import { startFauxqs } from 'fauxqs';
import { Jimp } from 'jimp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resize } from '../../jobs/resize.ts';
import { seedSampleFiles } from '../../jobs/seed.ts';
import { createAwsClients } from '../../src/adapters/aws/clients.ts';
import { createS3FileStore } from '../../src/adapters/s3/file-store.ts';
import { FileNotFoundError } from '../../src/core/errors.ts';
import type { FileStore } from '../../src/core/ports.ts';
import { describeFileStoreContract } from '../helpers/file-store-conformance.ts';
import { jobContext } from '../helpers/job-context.ts';

let server: FauxqsServer;
let s3: S3Client;
const stores = new Map<string, FileStore>();

/** A store over its own bucket, so the suites below cannot see each other's keys. */
function bucketStore(bucket: string): () => FileStore {
  return () => {
    const store = stores.get(bucket);
    if (!store) throw new Error(`bucket ${bucket} was not created in beforeAll`);
    return store;
  };
}

beforeAll(async () => {
  server = await startFauxqs({ port: 0, logger: false });
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
  s3 = createAwsClients({ region: 'us-east-1', endpoints: { s3: server.address } }).s3;
  for (const bucket of ['contract', 'paging', 'seeded']) {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    stores.set(bucket, createS3FileStore(s3, bucket));
  }
});

afterAll(async () => {
  s3?.destroy();
  await server?.stop();
});

describeFileStoreContract('S3 (fauxqs)', bucketStore('contract'));

describe('S3 file store', () => {
  it('lists past one page (1,000 keys) and deletes past one DeleteObjects batch', async () => {
    const files = bucketStore('paging')();
    const keys = Array.from({ length: 1_100 }, (_, i) => `many/${String(i).padStart(4, '0')}.txt`);
    for (let i = 0; i < keys.length; i += 100) {
      await Promise.all(keys.slice(i, i + 100).map((key) => files.put(key, 'x')));
    }
    await files.put('other/keep.txt', 'k');

    // One raw page is not enough, so list() must have followed the continuation token.
    const firstPage = await s3.send(new ListObjectsV2Command({ Bucket: 'paging', Prefix: 'many/' }));
    expect(firstPage.IsTruncated).toBe(true);
    const listed = await files.list('many/');
    expect(listed.map((f) => f.key)).toEqual(keys);
    expect(await files.delete(keys)).toBe(1_100);
    expect(await files.list('many/')).toEqual([]);
    expect((await files.list('')).map((f) => f.key)).toEqual(['other/keep.txt']);
  });

  it('translates a missing key into FileNotFoundError, keeping the SDK error as the cause', async () => {
    const error = await bucketStore('contract')()
      .get('no/such/key.png')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileNotFoundError);
    expect((error as Error).cause).toMatchObject({ name: 'NoSuchKey' });
  });

  it('seeds the sample files and resizes img.png end to end through S3', async () => {
    const files = bucketStore('seeded')();
    expect(await seedSampleFiles(files)).toContain('img.png');
    expect(await seedSampleFiles(files)).toEqual([]);

    const result = await resize.handler(
      { file: 'img.png', width: 320 },
      jobContext({ jobId: 'job-s3', files }),
    );
    expect(result).toMatchObject({
      key: 'resized/img-320x240.png',
      width: 320,
      height: 240,
      originalWidth: 640,
    });
    const out = await Jimp.read(Buffer.from(await files.get('resized/img-320x240.png')));
    expect([out.width, out.height, out.mime]).toEqual([320, 240, 'image/png']);
  });
});
