import {
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  backfillStatusShards,
  STATUS_SHARDS_MARKER_ID,
} from '../../src/adapters/dynamodb/backfill-status-shards.ts';
import type { JobsTableRef } from '../../src/adapters/dynamodb/jobs-table.ts';
import { statusShardOf } from '../../src/adapters/dynamodb/status-shard.ts';
import { JOB_STATUSES } from '../../src/core/status.ts';
import { tablesPerCase } from '../helpers/tables-per-case.ts';

const nextTable = tablesPerCase(3);
const SMALL = { pageSize: 100, maxPages: 3 };
const AT = '2025-06-01T10:00:00.000Z';

/** A job as stored before the index was sharded: everything but `statusShard`. */
function oldJob(id: string, status: string): Record<string, unknown> {
  return { id, type: 'noop', status, payload: {}, attempts: 0, maxAttempts: 3, createdAt: AT, updatedAt: AT };
}

async function putRaw(table: JobsTableRef, items: readonly Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    await table.client.send(
      new BatchWriteCommand({
        RequestItems: { [table.tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
  }
}

async function scanAll(table: JobsTableRef): Promise<Record<string, unknown>[]> {
  const all: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await table.client.send(
      new ScanCommand({ TableName: table.tableName, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    all.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return all;
}

async function getRaw(table: JobsTableRef, id: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await table.client.send(
    new GetCommand({ TableName: table.tableName, Key: { id }, ConsistentRead: true }),
  );
  return Item;
}

/** Calls the backfill until it says done; how many calls that took and how many jobs it updated. */
async function runToEnd(table: JobsTableRef): Promise<{ calls: number; updated: number }> {
  let calls = 0;
  let updated = 0;
  for (;;) {
    const result = await backfillStatusShards(table, SMALL);
    calls += 1;
    updated += result.updated;
    if (result.done) return { calls, updated };
    if (calls > 100) throw new Error('the backfill never finished');
  }
}

/** The table's client, running `afterScan` on the items of each Scan page before handing it back. */
function interceptingScans(
  table: JobsTableRef,
  afterScan: (items: Record<string, unknown>[]) => Promise<void>,
): JobsTableRef {
  const client = {
    send: async (command: unknown) => {
      const output = await table.client.send(command as ScanCommand);
      if (command instanceof ScanCommand)
        await afterScan((output as { Items?: Record<string, unknown>[] }).Items ?? []);
      return output;
    },
  } as unknown as DynamoDBDocumentClient;
  return { ...table, client };
}

describe('backfillStatusShards (dynalite)', () => {
  it('gives every older job its shard over several bounded calls, resuming from the cursor', async () => {
    const table = nextTable();
    const jobs = Array.from({ length: 1_200 }, (_, i) =>
      oldJob(`job-${String(i).padStart(4, '0')}`, JOB_STATUSES[i % JOB_STATUSES.length] as string),
    );
    const key = { id: 'idempotency-key#x', jobId: 'job-0001', expiresAt: 1_900_000_000 };
    const sharded = { ...oldJob('job-new', 'running'), statusShard: statusShardOf('job-new', 'running') };
    await putRaw(table, [...jobs, key, sharded]);

    const { calls, updated } = await runToEnd(table);

    // 1,202 items at 300 a call: the later calls started from the saved cursor.
    expect(calls).toBeGreaterThan(1);
    expect(updated).toBe(1_200);
    const items = await scanAll(table);
    const byId = new Map(items.map((item) => [String(item.id), item]));
    for (const job of jobs) {
      const stored = byId.get(String(job.id));
      expect(stored, String(job.id)).toEqual({
        ...job,
        statusShard: statusShardOf(String(job.id), String(job.status)),
      });
    }
    expect(byId.get('job-new')).toEqual(sharded);
    expect(byId.get(key.id)).toEqual(key);
    expect(byId.get(STATUS_SHARDS_MARKER_ID)).toEqual({ id: STATUS_SHARDS_MARKER_ID, done: true });
    expect(items).toHaveLength(1_200 + 3);

    // The steady state: done, nothing more.
    expect(await backfillStatusShards(table, SMALL)).toEqual({ updated: 0, done: true });
  });

  it('keeps the shard of a job whose status changed before the backfill reached it', async () => {
    const table = nextTable();
    const jobs = Array.from({ length: 600 }, (_, i) =>
      oldJob(`job-${String(i).padStart(4, '0')}`, 'pending'),
    );
    await putRaw(table, jobs);

    const first = await backfillStatusShards(table, { pageSize: 100, maxPages: 1 });
    expect(first.done).toBe(false);
    // A job the first call did not reach moves on, written as the adapters now write it.
    const untouched = (await scanAll(table)).filter(
      (item) => item.id !== STATUS_SHARDS_MARKER_ID && !item.statusShard,
    );
    expect(untouched.length).toBeGreaterThan(0);
    const moved = String(untouched[0]?.id);
    await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: { id: moved },
        UpdateExpression: 'SET #status = :status, statusShard = :shard',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': 'running', ':shard': statusShardOf(moved, 'running') },
      }),
    );

    const rest = await runToEnd(table);

    expect(first.updated + rest.updated).toBe(599);
    expect(await getRaw(table, moved)).toMatchObject({
      status: 'running',
      statusShard: statusShardOf(moved, 'running'),
    });
    for (const item of await scanAll(table)) {
      if (item.id === STATUS_SHARDS_MARKER_ID) continue;
      expect(item.statusShard, String(item.id)).toBe(statusShardOf(String(item.id), String(item.status)));
    }
  });

  it('leaves alone a job that moved or went between the Scan and its update', async () => {
    const base = nextTable();
    await putRaw(base, [
      oldJob('job-moves', 'pending'),
      oldJob('job-goes', 'completed'),
      oldJob('job-stays', 'failed'),
    ]);
    // Right after the Scan saw them as they were: one job is claimed (by the new code), one expires.
    const table = interceptingScans(base, async (items) => {
      if (!items.some((item) => item.id === 'job-moves')) return;
      await base.client.send(
        new UpdateCommand({
          TableName: base.tableName,
          Key: { id: 'job-moves' },
          UpdateExpression: 'SET #status = :status, statusShard = :shard',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':status': 'running',
            ':shard': statusShardOf('job-moves', 'running'),
          },
        }),
      );
      await base.client.send(new DeleteCommand({ TableName: base.tableName, Key: { id: 'job-goes' } }));
    });

    expect(await backfillStatusShards(table)).toEqual({ updated: 1, done: true });

    expect(await getRaw(base, 'job-moves')).toMatchObject({
      status: 'running',
      statusShard: statusShardOf('job-moves', 'running'),
    });
    expect(await getRaw(base, 'job-goes')).toBeUndefined();
    expect(await getRaw(base, 'job-stays')).toMatchObject({
      statusShard: statusShardOf('job-stays', 'failed'),
    });
  });
});
