import { createAwsClients } from '../src/adapters/aws/clients.ts';
import { createS3FileStore } from '../src/adapters/s3/file-store.ts';
import type { FileStore } from '../src/core/ports.ts';
import type { LocalRuntime } from './runtime-types.ts';

/** Writes an app's sample inputs into its files bucket; returns the keys it wrote. */
export type FilesSeeder = (files: FileStore) => Promise<string[]>;

/**
 * Lets `seeder` put an app's sample inputs (this repository's: img.png, data/sales.csv, …) in the
 * files bucket, so every job type can be tried right after `npm start`.
 */
export async function seedFilesBucket(runtime: LocalRuntime, seeder: FilesSeeder): Promise<string[]> {
  const bucket = runtime.resources.buckets.find((candidate) =>
    /FilesBucket[0-9A-F]{8}$/.test(candidate.logicalId),
  );
  if (!bucket) return [];
  const clients = createAwsClients({ region: runtime.region, endpoints: runtime.endpoints });
  try {
    return await seeder(createS3FileStore(clients.s3, bucket.name));
  } finally {
    clients.dynamo.destroy();
    clients.sqs.destroy();
    clients.s3.destroy();
  }
}
