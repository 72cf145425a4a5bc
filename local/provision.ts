import type { RuntimeClients } from './aws-clients.ts';
import { provisionBucket } from './provision/buckets.ts';
import { provisionQueue } from './provision/queues.ts';
import { type Provisioned, provisionTable } from './provision/tables.ts';
import type { StackModel } from './template/model.ts';
import { queuesInCreationOrder } from './template/storage.ts';

export interface ProvisionReport {
  /** logical id → created or kept, for the startup listing. */
  readonly outcomes: ReadonlyMap<string, Provisioned>;
}

/**
 * Creates the stack's tables, queues and buckets in the emulators, or keeps and updates the ones
 * already on disk, and records the queue URLs so templates can resolve `Ref` of a queue.
 */
export async function provision(
  model: StackModel,
  clients: RuntimeClients,
  sqsEndpoint: string,
  stateDir: string,
): Promise<ProvisionReport> {
  const outcomes = new Map<string, Provisioned>();
  const tables = Promise.all(
    model.tables.map(async (table) => {
      outcomes.set(table.logicalId, await provisionTable(clients.dynamodb, table, stateDir));
    }),
  );
  const queues = (async () => {
    // One at a time, dead-letter queues first: a RedrivePolicy must name an existing queue.
    for (const queue of queuesInCreationOrder(model.queues)) {
      const { url, provisioned } = await provisionQueue(clients.sqs, queue, sqsEndpoint);
      model.physical.setQueueUrl(queue.logicalId, url);
      outcomes.set(queue.logicalId, provisioned);
    }
  })();
  const buckets = Promise.all(
    model.buckets.map(async (bucket) => {
      outcomes.set(bucket.logicalId, await provisionBucket(clients.s3, bucket));
    }),
  );
  await Promise.all([tables, queues, buckets]);
  return { outcomes };
}
