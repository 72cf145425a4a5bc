import { QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { ListPosition } from '../../core/ports.ts';
import type { JobStatus } from '../../core/status.ts';
import type { JobsTableRef } from './jobs-table.ts';
import { STATUS_SHARD_ATTRIBUTE, shardOf, statusShards } from './status-shard.ts';

export interface ByStatusQuery {
  /** Only jobs that last changed before this instant (exclusive). */
  readonly updatedBefore?: Date;
  /** Only jobs that last changed after this instant (exclusive). */
  readonly updatedAfter?: Date;
  /** Only jobs that last changed at or before this instant. */
  readonly updatedUntil?: Date;
  /** Items per request to each shard. */
  readonly pageSize?: number;
  /** Newest first instead of oldest first. */
  readonly descending?: boolean;
  /** Resume after this job (the key of the last one read, or a position a stopped read returned). */
  readonly startAfter?: ListPosition;
  readonly filter?: {
    readonly expression: string;
    readonly names?: Readonly<Record<string, string>>;
    readonly values?: Readonly<Record<string, unknown>>;
  };
  /**
   * Stop after about this many requests and return where to resume. A filter can make every request
   * come back empty (a rare type); this bounds one call's work. At least one request per shard.
   */
  readonly maxRequests?: number;
}

type Item = Record<string, unknown>;

/**
 * One shard's read: its buffer of items not yet handed out, and where its next request starts.
 * `last` is the key of the last item its requests evaluated: everything of the shard up to it has
 * been read.
 */
interface ShardRead {
  readonly shard: number;
  readonly key: string;
  buffer: Item[];
  startKey?: Item;
  last?: Item;
  fetched: boolean;
  exhausted: boolean;
}

/**
 * The jobs of one status across every shard of the byStatus index (status-shard.ts), oldest change
 * first unless `descending`, narrowed to a range of updatedAt. Each shard is one ordered stream; the
 * merge orders by updatedAt, ties by shard number, so a position (updatedAt, id) names one place in
 * the merged order and a listing resumes exactly there. Shards are read lazily, a page at a time, as
 * the merge needs them; the caller stops iterating when it has what it needs.
 *
 * Returns (as the generator's value) undefined when every shard is read to its end, or the position
 * to resume after when `maxRequests` stopped it first.
 */
export async function* queryByStatus(
  table: JobsTableRef,
  status: JobStatus,
  options: ByStatusQuery = {},
): AsyncGenerator<Item, ListPosition | undefined> {
  const shards = statusShards(status).map((key, shard) => startRead(key, shard, options.startAfter));
  const budget = Math.max(options.maxRequests ?? Number.POSITIVE_INFINITY, shards.length);
  const before = (a: Key, b: Key) => precedes(a, b, options.descending === true);
  let requests = 0;
  for (;;) {
    const hungry = shards.filter((read) => read.buffer.length === 0 && !read.exhausted);
    const affordable = hungry.slice(0, Math.max(0, budget - requests));
    if (affordable.length > 0) {
      requests += affordable.length;
      await Promise.all(affordable.map((read) => fetchPage(table, read, options)));
      continue;
    }
    const head = bestHead(shards, before);
    // A shard still to be read may hold what comes next: an item goes out only if it precedes
    // everything such a shard has not handed over yet, which all comes after its last key.
    const stalled = hungry.map((read) => keyOf(read.last as Item, read.shard));
    if (head && stalled.every((key) => before(keyOf(head.buffer[0] as Item, head.shard), key))) {
      yield head.buffer.shift() as Item;
      continue;
    }
    if (stalled.length === 0) return undefined;
    const resume = stalled.reduce((a, b) => (before(a, b) ? a : b));
    return { updatedAt: resume.updatedAt, id: resume.id };
  }
}

/** Counts one status in a range, every shard at once, reading only the keys. */
export async function countByStatus(
  table: JobsTableRef,
  status: JobStatus,
  options: RangeOptions = {},
): Promise<number> {
  const counts = await Promise.all(
    statusShards(status).map(async (key) => {
      let count = 0;
      let startKey: Item | undefined;
      do {
        const page = await table.client.send(
          new QueryCommand({ ...queryInput(table, key, options), Select: 'COUNT', ...withStart(startKey) }),
        );
        count += page.Count ?? 0;
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return count;
    }),
  );
  return counts.reduce((sum, count) => sum + count, 0);
}

interface Key {
  readonly updatedAt: string;
  readonly shard: number;
  readonly id: string;
}

function keyOf(item: Item, shard: number): Key {
  return { updatedAt: String(item.updatedAt), shard, id: String(item.id) };
}

/** The merged order: updatedAt (either way), then the shard's number. */
function precedes(a: Key, b: Key, descending: boolean): boolean {
  if (a.updatedAt !== b.updatedAt) return descending ? a.updatedAt > b.updatedAt : a.updatedAt < b.updatedAt;
  return a.shard < b.shard;
}

function bestHead(shards: readonly ShardRead[], before: (a: Key, b: Key) => boolean): ShardRead | undefined {
  let best: ShardRead | undefined;
  for (const read of shards) {
    if (read.buffer.length === 0) continue;
    if (!best || before(keyOf(read.buffer[0] as Item, read.shard), keyOf(best.buffer[0] as Item, best.shard)))
      best = read;
  }
  return best;
}

/**
 * Where a shard's read starts when resuming after `position`: the shard the position's job lives in
 * resumes after that very item (its tie order is DynamoDB's); the others by updatedAt alone, ties
 * included only in the shards after it in the merged order.
 */
function startRead(key: string, shard: number, position: ListPosition | undefined): ShardRead {
  const read: ShardRead = { shard, key, buffer: [], fetched: false, exhausted: false };
  if (position && shardOf(position.id) === shard)
    read.startKey = { id: position.id, [STATUS_SHARD_ATTRIBUTE]: key, updatedAt: position.updatedAt };
  return read;
}

async function fetchPage(table: JobsTableRef, read: ShardRead, options: ByStatusQuery): Promise<void> {
  const page: QueryCommandOutput = await table.client.send(
    new QueryCommand({
      ...queryInput(table, read.key, options, startBound(read, options)),
      ...withStart(read.startKey),
      ...(options.pageSize ? { Limit: options.pageSize } : {}),
      ...(options.descending ? { ScanIndexForward: false } : {}),
    }),
  );
  read.fetched = true;
  read.buffer = page.Items ?? [];
  read.startKey = page.LastEvaluatedKey;
  if (page.LastEvaluatedKey) read.last = page.LastEvaluatedKey;
  read.exhausted = !page.LastEvaluatedKey;
}

/** The bound a resumed read puts on a shard other than the position's own, on its first request. */
function startBound(read: ShardRead, options: ByStatusQuery): Bound | undefined {
  const position = options.startAfter;
  if (!position || read.fetched || read.startKey) return undefined;
  const inclusive = read.shard > shardOf(position.id);
  return { at: position.updatedAt, inclusive, side: options.descending ? 'high' : 'low' };
}

interface Bound {
  readonly at: string;
  readonly inclusive: boolean;
  readonly side: 'low' | 'high';
}

/** One shard's query: its partition, the range on updatedAt, the filter. */
function queryInput(table: JobsTableRef, key: string, options: RangeOptions, start?: Bound) {
  const range = rangeOf(options, start);
  const { filter } = options;
  return {
    TableName: table.tableName,
    IndexName: table.byStatusIndex,
    KeyConditionExpression: `#shard = :shard${range.condition}`,
    ExpressionAttributeNames: { '#shard': STATUS_SHARD_ATTRIBUTE, ...filter?.names },
    ExpressionAttributeValues: { ':shard': key, ...range.values, ...filter?.values },
    ...(filter ? { FilterExpression: filter.expression } : {}),
  };
}

type RangeOptions = Pick<ByStatusQuery, 'updatedBefore' | 'updatedAfter' | 'updatedUntil' | 'filter'>;

function withStart(startKey: Item | undefined): { ExclusiveStartKey?: Item } {
  return startKey ? { ExclusiveStartKey: startKey } : {};
}

/**
 * A key condition takes one range on the sort key, with inclusive bounds only for BETWEEN. updatedAt
 * is always an ISO instant to the millisecond, so "after t" is "from t + 1 ms" and "before t" is
 * "until t − 1 ms".
 */
function rangeOf(
  options: RangeOptions,
  start?: Bound,
): { condition: string; values: Record<string, string> } {
  const shift = (instant: string, ms: number) => new Date(Date.parse(instant) + ms).toISOString();
  const lows = [
    options.updatedAfter && shift(options.updatedAfter.toISOString(), 1),
    start?.side === 'low' && shift(start.at, start.inclusive ? 0 : 1),
  ].filter((v): v is string => !!v);
  const highs = [
    options.updatedUntil?.toISOString(),
    options.updatedBefore && shift(options.updatedBefore.toISOString(), -1),
    start?.side === 'high' && shift(start.at, start.inclusive ? 0 : -1),
  ].filter((v): v is string => !!v);
  const low = lows.sort().at(-1);
  const high = highs.sort()[0];
  if (low && high)
    return { condition: ' AND updatedAt BETWEEN :low AND :high', values: { ':low': low, ':high': high } };
  if (low) return { condition: ' AND updatedAt >= :low', values: { ':low': low } };
  if (high) return { condition: ' AND updatedAt <= :high', values: { ':high': high } };
  return { condition: '', values: {} };
}
