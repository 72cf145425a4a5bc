import { BatchWriteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDynamoJobStore } from '../../src/adapters/dynamodb/job-store.ts';
import {
  type JobsTableRef,
  SCHEDULED_INDEX,
  scheduledPartitionOf,
} from '../../src/adapters/dynamodb/jobs-table.ts';
import { aJob, later } from '../helpers/jobs.ts';
import { tablesPerCase } from '../helpers/tables-per-case.ts';

const nextTable = tablesPerCase(2);

/** A scheduled job's item as stored, in the index partition given. */
function scheduledItem(id: string, runAt: Date, partition: string): Record<string, unknown> {
  const at = later(0).toISOString();
  return {
    id,
    type: 'noop',
    status: 'scheduled',
    payload: {},
    attempts: 0,
    maxAttempts: 3,
    createdAt: at,
    updatedAt: at,
    runAt: runAt.toISOString(),
    [SCHEDULED_INDEX.partitionKey]: partition,
  };
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

describe('due scheduled jobs, read from a sharded scheduled index', () => {
  it('stores a scheduled job in its own shard of the index and lists it when due', async () => {
    const table = nextTable();
    const store = createDynamoJobStore(table);
    const job = aJob({ runAt: later(600), scheduled: true });
    await store.create(job);
    const { Item } = await table.client.send(
      new GetCommand({ TableName: table.tableName, Key: { id: job.id }, ConsistentRead: true }),
    );
    expect(Item?.[SCHEDULED_INDEX.partitionKey]).toBe(scheduledPartitionOf(job.id));
    expect(scheduledPartitionOf(job.id)).toMatch(/^scheduled#\d+$/);
    expect(await store.listDue(later(599), 10)).toEqual([]);
    expect(await store.listDue(later(600), 10)).toEqual([
      { id: job.id, type: 'noop', runAt: later(600).toISOString() },
    ]);
  });

  it('merges every shard soonest first, up to the limit, with jobs scheduled before the index was sharded', async () => {
    const table = nextTable();
    const store = createDynamoJobStore(table);
    // 80 jobs, one a second from +1 s; each in its shard, so the soonest are spread over many.
    const jobs = Array.from({ length: 80 }, (_, i) => ({ id: `job-${i}`, runAt: later(i + 1) }));
    const partitions = new Set(jobs.map((job) => scheduledPartitionOf(job.id)));
    expect(partitions.size).toBeGreaterThan(16);
    // One stored before sharding, in the single `scheduled` partition, due between job-2 and job-3.
    const legacy = { id: 'job-legacy', runAt: new Date(later(3).getTime() + 500) };
    await putRaw(table, [
      ...jobs.map((job) => scheduledItem(job.id, job.runAt, scheduledPartitionOf(job.id))),
      scheduledItem(legacy.id, legacy.runAt, 'scheduled'),
    ]);

    const due = await store.listDue(later(40), 10);
    const expected = [...jobs.slice(0, 3), legacy, ...jobs.slice(3, 9)];
    expect(due).toEqual(
      expected.map((job) => ({ id: job.id, type: 'noop', runAt: job.runAt.toISOString() })),
    );

    // Everything due by +40 s and nothing later, whatever the limit.
    const all = await store.listDue(later(40), 500);
    expect(all.map((job) => job.id)).toEqual([...expected, ...jobs.slice(9, 40)].map((job) => job.id));
  });
});
