import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { JobBatch } from '../../core/batch.ts';
import type { BatchStore } from '../../core/ports.ts';
import { getItems } from './get-items.ts';
import { BATCH_ITEM_PREFIX, BATCHES_PARTITION, type JobsTableRef, SCHEDULED_INDEX } from './jobs-table.ts';
import { queryScheduledIndex } from './query-scheduled-index.ts';

/** How long a batch's record is kept: as long as a failed job by default (its jobs expire on their own). */
const BATCH_RETENTION_SECONDS = 30 * 86_400;

/** Batches as items of the jobs table, one operation per method. */
export function createDynamoBatchStore(table: JobsTableRef): BatchStore {
  return {
    async create(batch) {
      await table.client.send(
        new PutCommand({
          TableName: table.tableName,
          Item: toBatchItem(batch),
          ConditionExpression: 'attribute_not_exists(id)',
        }),
      );
    },
    async get(id) {
      const { Item } = await table.client.send(
        new GetCommand({
          TableName: table.tableName,
          Key: { id: `${BATCH_ITEM_PREFIX}${id}` },
          ConsistentRead: true,
        }),
      );
      return Item ? fromBatchItem(Item) : undefined;
    },
    async remove(id) {
      await table.client.send(
        new DeleteCommand({ TableName: table.tableName, Key: { id: `${BATCH_ITEM_PREFIX}${id}` } }),
      );
    },
    async listNewest(limit) {
      const ids = (await queryScheduledIndex(table, BATCHES_PARTITION, { limit, newestFirst: true })).map(
        (item) => String(item.id),
      );
      const items = await getItems(table, ids);
      return items.map(fromBatchItem).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    },
  };
}

function toBatchItem(batch: JobBatch): Record<string, unknown> {
  return {
    id: `${BATCH_ITEM_PREFIX}${batch.id}`,
    createdAt: batch.createdAt,
    jobIds: batch.jobIds,
    ...(batch.callbackJobId ? { callbackJobId: batch.callbackJobId } : {}),
    [SCHEDULED_INDEX.partitionKey]: BATCHES_PARTITION,
    [SCHEDULED_INDEX.sortKey]: batch.createdAt,
    expiresAt: Math.ceil(Date.parse(batch.createdAt) / 1000) + BATCH_RETENTION_SECONDS,
  };
}

function fromBatchItem(item: Record<string, unknown>): JobBatch {
  return {
    id: String(item.id).slice(BATCH_ITEM_PREFIX.length),
    createdAt: String(item.createdAt),
    jobIds: Array.isArray(item.jobIds) ? item.jobIds.map(String) : [],
    ...(typeof item.callbackJobId === 'string' ? { callbackJobId: item.callbackJobId } : {}),
  };
}
