import { seedSampleFiles } from '../jobs/seed.ts';
import { createAwsClients } from '../src/adapters/aws/clients.ts';
import { createS3FileStore } from '../src/adapters/s3/file-store.ts';
import type { LocalRuntime } from './runtime-types.ts';

/**
 * Puts the sample inputs (img.png, data/sales.csv, …) in the files bucket, so every job type can be
 * tried right after `npm start`. Files already there are left alone.
 */
export async function seedFilesBucket(runtime: LocalRuntime): Promise<string[]> {
  const bucket = runtime.resources.buckets.find((candidate) =>
    /FilesBucket[0-9A-F]{8}$/.test(candidate.logicalId),
  );
  if (!bucket) return [];
  const clients = createAwsClients({ region: runtime.region, endpoints: runtime.endpoints });
  try {
    return await seedSampleFiles(createS3FileStore(clients.s3, bucket.name));
  } finally {
    clients.dynamo.destroy();
    clients.sqs.destroy();
    clients.s3.destroy();
  }
}
