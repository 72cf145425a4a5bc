import { CreateBucketCommand, HeadBucketCommand, NotFound, type S3Client } from '@aws-sdk/client-s3';
import type { BucketModel } from '../template/storage.ts';
import type { Provisioned } from './tables.ts';

export async function provisionBucket(client: S3Client, bucket: BucketModel): Promise<Provisioned> {
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket.name }));
    return 'kept';
  } catch (error) {
    if (!(error instanceof NotFound) && (error as { name?: string }).name !== 'NotFound') throw error;
  }
  await client.send(new CreateBucketCommand({ Bucket: bucket.name }));
  return 'created';
}
