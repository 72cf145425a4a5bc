import { GetCommand, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailed, isOtherItemId, type JobsTableRef, META_ITEM_PREFIX } from './jobs-table.ts';
import { STATUS_SHARD_ATTRIBUTE, statusShardOf } from './status-shard.ts';

/** The marker item holding the backfill's progress: `done`, or the Scan `cursor` to resume from. */
export const STATUS_SHARDS_MARKER_ID = `${META_ITEM_PREFIX}status-shards`;

const DEFAULT_MAX_PAGES = 5;
const DEFAULT_PAGE_SIZE = 500;
/** UpdateItems in flight at once: quick enough, and gentle on a provisioned table's capacity. */
const PARALLEL_UPDATES = 8;

export interface BackfillOptions {
  /** Scan pages per call (default 5). */
  readonly maxPages?: number;
  /** Items a Scan page reads (its Limit, default 500), before the filter. */
  readonly pageSize?: number;
}

/**
 * Jobs stored before the byStatus index was keyed by `statusShard` have none, so the index does not
 * hold them (a stack deployed before the change; local state, whose table the runtime rebuilds and
 * reloads with the items as they were). The sweeper calls this every minute: a bounded slice of a
 * Scan, resumed from the cursor in the marker item, gives each such job its shard. Once the Scan has
 * reached the end the marker says `done`, and a call costs one read.
 *
 * The update is conditional on the status the Scan saw and on the shard still missing: a job that
 * moved meanwhile got its shard from its own write, which this must not overwrite with a stale one.
 * Jobs written after the change carry a shard already, so one pass over the table is enough.
 */
export async function backfillStatusShards(
  table: JobsTableRef,
  options: BackfillOptions = {},
): Promise<{ updated: number; done: boolean }> {
  const key = { id: STATUS_SHARDS_MARKER_ID };
  const { Item: marker } = await table.client.send(
    new GetCommand({ TableName: table.tableName, Key: key, ConsistentRead: true }),
  );
  if (marker?.done === true) return { updated: 0, done: true };

  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  let cursor = marker?.cursor as Record<string, unknown> | undefined;
  let updated = 0;
  let reachedEnd = false;
  for (let page = 0; page < maxPages && !reachedEnd; page++) {
    const { Items = [], LastEvaluatedKey } = await table.client.send(
      new ScanCommand({
        TableName: table.tableName,
        Limit: pageSize,
        FilterExpression: 'attribute_exists(#status) AND attribute_not_exists(#shard)',
        ExpressionAttributeNames: { '#status': 'status', '#shard': STATUS_SHARD_ATTRIBUTE },
        ...(cursor ? { ExclusiveStartKey: cursor } : {}),
      }),
    );
    const jobs = Items.filter((item) => typeof item.id === 'string' && !isOtherItemId(item.id));
    updated += await inBatches(jobs, (item) => setShard(table, String(item.id), String(item.status)));
    cursor = LastEvaluatedKey;
    reachedEnd = cursor === undefined;
  }

  if (reachedEnd) {
    await table.client.send(new PutCommand({ TableName: table.tableName, Item: { ...key, done: true } }));
    return { updated, done: true };
  }
  try {
    // An overlapping run that finished first must not be sent back to a cursor.
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...key, ...(cursor ? { cursor } : {}) },
        ConditionExpression: 'attribute_not_exists(done)',
      }),
    );
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
  }
  return { updated, done: false };
}

async function setShard(table: JobsTableRef, id: string, status: string): Promise<boolean> {
  try {
    await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: { id },
        UpdateExpression: 'SET #shard = :shard',
        ConditionExpression: '#status = :status AND attribute_not_exists(#shard)',
        ExpressionAttributeNames: { '#status': 'status', '#shard': STATUS_SHARD_ATTRIBUTE },
        ExpressionAttributeValues: { ':status': status, ':shard': statusShardOf(id, status) },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}

/** Runs `update` on every item, PARALLEL_UPDATES at a time; how many returned true. */
async function inBatches<T>(items: readonly T[], update: (item: T) => Promise<boolean>): Promise<number> {
  let count = 0;
  for (let start = 0; start < items.length; start += PARALLEL_UPDATES) {
    const results = await Promise.all(items.slice(start, start + PARALLEL_UPDATES).map(update));
    count += results.filter(Boolean).length;
  }
  return count;
}
