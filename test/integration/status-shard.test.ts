import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoJobStore } from '../../src/adapters/dynamodb/job-store.ts';
import type { JobsTableRef } from '../../src/adapters/dynamodb/jobs-table.ts';
import { STATUS_SHARD_ATTRIBUTE, statusShardOf } from '../../src/adapters/dynamodb/status-shard.ts';
import type { Job } from '../../src/core/job.ts';
import type { ClaimResult, JobStore } from '../../src/core/ports.ts';
import type { JobStatus } from '../../src/core/status.ts';
import { createJobsTable, type Emulators, startEmulators } from '../helpers/emulators.ts';
import { aJob, later } from '../helpers/jobs.ts';

const boom = { name: 'Error', message: 'boom' };

/**
 * Every write that sets a job's status sets its byStatus index key with it: the raw item's
 * `statusShard` is `<status>#<shard of its id>` after each move. Items are read by key only, so this
 * holds whatever key the test table's index is declared on.
 */
describe('DynamoDB job store: statusShard follows status', () => {
  let emulators: Emulators;
  let table: JobsTableRef;
  let store: JobStore;

  beforeAll(async () => {
    emulators = await startEmulators();
    const tableName = `jobs-${randomUUID()}`;
    await createJobsTable(emulators.endpoints.dynamodb, tableName);
    table = { client: emulators.clients.dynamo, tableName, byStatusIndex: 'byStatusShard' };
    store = createDynamoJobStore(table);
  });
  afterAll(() => emulators?.stop());

  /** The stored item is in `status`, and its shard key says the same status. */
  async function expectShard(id: string, status: JobStatus): Promise<void> {
    const { Item } = await table.client.send(
      new GetCommand({ TableName: table.tableName, Key: { id }, ConsistentRead: true }),
    );
    expect(Item?.status).toBe(status);
    expect(Item?.[STATUS_SHARD_ATTRIBUTE]).toBe(statusShardOf(id, status));
  }

  function claimed(result: ClaimResult): Job {
    if (result.kind !== 'claimed') throw new Error(`expected a claim, got ${result.kind}`);
    return result.job;
  }

  async function created(job: Job = aJob()): Promise<Job> {
    await store.create(job);
    await expectShard(job.id, job.status);
    return job;
  }

  async function running(job: Job = aJob()): Promise<Job> {
    await created(job);
    const run = claimed(await store.claim(job.id, later(1), later(60)));
    await expectShard(job.id, 'running');
    return run;
  }

  it('create: pending, scheduled and waiting jobs', async () => {
    await created(aJob());
    await created(aJob({ runAt: later(600), scheduled: true }));
    await created(aJob({ dependsOn: [randomUUID()] }));
  });

  it('createMany: every job of a batch', async () => {
    const batch = [
      ...Array.from({ length: 28 }, () => aJob()),
      aJob({ runAt: later(600), scheduled: true }),
      aJob({ dependsOn: [randomUUID()] }),
    ];
    expect(await store.createMany(batch)).toEqual({ failed: [] });
    for (const job of batch) await expectShard(job.id, job.status);
  });

  it('claim, and a second claim once the lease lapsed', async () => {
    const job = await running();
    expect((await store.claim(job.id, later(61), later(120))).kind).toBe('claimed');
    await expectShard(job.id, 'running');
  });

  it('complete', async () => {
    const job = await running();
    expect(await store.complete(job.id, job.attempts, { ok: true }, later(2))).toBeDefined();
    await expectShard(job.id, 'completed');
  });

  it('fail with a retry (back to pending), then fail for good', async () => {
    const job = await running();
    const retryAt = later(30);
    expect(
      await store.fail(job.id, job.attempts, boom, { status: 'pending', retryAt }, later(2)),
    ).toBeDefined();
    await expectShard(job.id, 'pending');
    const again = claimed(await store.claim(job.id, later(31), later(90)));
    await expectShard(job.id, 'running');
    expect(await store.fail(job.id, again.attempts, boom, { status: 'failed' }, later(32))).toBeDefined();
    await expectShard(job.id, 'failed');
  });

  it('cancel: a pending and a scheduled job at once, a running one on request', async () => {
    const pending = await created();
    expect(await store.requestCancel(pending.id, later(1))).toMatchObject({ kind: 'canceled' });
    await expectShard(pending.id, 'canceled');

    const scheduled = await created(aJob({ runAt: later(600), scheduled: true }));
    expect(await store.requestCancel(scheduled.id, later(1))).toMatchObject({ kind: 'canceled' });
    await expectShard(scheduled.id, 'canceled');

    const job = await running();
    // Only a request: the job stays running, and so does its shard.
    expect(await store.requestCancel(job.id, later(2))).toMatchObject({ kind: 'requested' });
    await expectShard(job.id, 'running');
    expect(await store.cancelRunning(job.id, job.attempts, later(3))).toBeDefined();
    await expectShard(job.id, 'canceled');
  });

  it('reschedule keeps, promote moves a scheduled job to pending', async () => {
    const job = await created(aJob({ runAt: later(600), scheduled: true }));
    expect(await store.reschedule(job.id, later(900), later(1))).toBeDefined();
    await expectShard(job.id, 'scheduled');
    expect(await store.promote(job.id, later(900).toISOString(), later(2))).toBeDefined();
    await expectShard(job.id, 'pending');
  });

  it('hold back keeps the job pending, and its shard', async () => {
    const job = await created();
    const hold = { reason: 'keyRate' as const, message: 'wait', at: later(1), until: later(10) };
    expect(await store.holdBack(job.id, hold)).toBeDefined();
    await expectShard(job.id, 'pending');
  });

  it('reset: retry and redrive to pending, rewait to waiting', async () => {
    const failed = await running(aJob({ maxAttempts: 1 }));
    await store.fail(failed.id, failed.attempts, boom, { status: 'failed' }, later(2));
    await expectShard(failed.id, 'failed');
    expect(await store.reset(failed.id, 'redrive', later(3))).toBeDefined();
    await expectShard(failed.id, 'pending');

    const canceled = await created();
    await store.requestCancel(canceled.id, later(1));
    expect(await store.reset(canceled.id, 'retry', later(2), { again: true })).toBeDefined();
    await expectShard(canceled.id, 'pending');

    const dependency = randomUUID();
    const rewaited = await created(
      aJob({ dependsOn: [dependency], outcomes: { [dependency]: 'completed' } }),
    );
    const run = claimed(await store.claim(rewaited.id, later(1), later(60)));
    await store.fail(run.id, run.attempts, boom, { status: 'failed' }, later(2));
    expect(await store.reset(rewaited.id, 'rewait', later(3), undefined, 1)).toBeDefined();
    await expectShard(rewaited.id, 'waiting');
  });

  it('release a waiting job to pending; end waiting ones as failed and as canceled', async () => {
    const released = await created(aJob({ dependsOn: [randomUUID()] }));
    expect(await store.release(released.id, later(1))).toBeDefined();
    await expectShard(released.id, 'pending');

    const failed = await created(aJob({ dependsOn: [randomUUID()] }));
    expect(
      await store.endWaiting(failed.id, { move: 'dependencyFailed', now: later(1), error: boom }),
    ).toBeDefined();
    await expectShard(failed.id, 'failed');

    const skipped = await created(aJob({ dependsOn: [randomUUID()] }));
    expect(await store.endWaiting(skipped.id, { move: 'dependencySkipped', now: later(1) })).toBeDefined();
    await expectShard(skipped.id, 'canceled');
  });

  it('a refused move leaves status and shard as they were', async () => {
    const job = await created();
    expect(await store.release(job.id, later(1))).toBeUndefined();
    expect(await store.complete(job.id, 1, { ok: true }, later(1))).toBeUndefined();
    await expectShard(job.id, 'pending');
  });
});
