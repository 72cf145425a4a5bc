import { randomUUID } from 'node:crypto';
import { createDynamoBatchStore } from '../../src/adapters/dynamodb/batch-store.ts';
import { createDynamoHoldTally } from '../../src/adapters/dynamodb/hold-tally.ts';
import { createDynamoIdempotencyKeys } from '../../src/adapters/dynamodb/idempotency-keys.ts';
import { createDynamoJobLimits } from '../../src/adapters/dynamodb/job-limits.ts';
import { createDynamoJobStore } from '../../src/adapters/dynamodb/job-store.ts';
import { createDynamoSnapshotStore } from '../../src/adapters/dynamodb/snapshot-store.ts';
import { MemoryFileStore } from '../../src/adapters/memory/file-store.ts';
import { MemoryJobQueue, type ReceivedMessage } from '../../src/adapters/memory/job-queue.ts';
import { DEFAULT_SETTINGS } from '../../src/cdk/settings.ts';
import { priorityMonitors } from '../../src/core/backpressure.ts';
import { parseJobMessage } from '../../src/core/job-message.ts';
import type { JobRegistry } from '../../src/core/registry.ts';
import { runJob } from '../../src/core/use-cases/run-job.ts';
import type { SubmitJobsDeps } from '../../src/core/use-cases/submit-jobs.ts';
import { DEFAULT_SWEEP, sweepJobs } from '../../src/core/use-cases/sweep-jobs.ts';
import { takeSnapshot } from '../../src/core/use-cases/take-snapshot.ts';
import { createJobsTable, createStatsTable, type Emulators } from '../../test/helpers/emulators.ts';

/**
 * Deliveries a poll runs at once: the deployed default queue's worker instances (maxConcurrency)
 * each running a batch of records side by side.
 */
export const WORKER_CONCURRENCY = DEFAULT_SETTINGS.worker.maxConcurrency * DEFAULT_SETTINGS.worker.batchSize;
const MINUTE_MS = 60_000;

export interface WorldOptions {
  readonly jobs: JobRegistry;
  /** Jobs due later than this are stored `scheduled` (the submit use case's own setting). */
  readonly scheduleHorizonSeconds?: number;
  /** The jitter of held-back jobs' retries, seeded so that two runs hold the same jobs back. */
  readonly random: () => number;
  /** Called with the jobs completed so far, after each poll. */
  readonly onCompleted?: (completed: number) => void;
}

/**
 * The deployed system's moving parts on one fresh pair of tables, in this process, on a virtual
 * clock: submissions through the real use cases, a worker that polls the queue once a virtual second
 * and runs what is visible (runJob with the limits and the hold tally, as functions/worker does, and
 * a held-back or early delivery sent again with its delay), and at each minute the sweeper's run and
 * the stats run. The queue is the in-memory one (its writes are not DynamoDB's).
 */
export async function createWorld(emulators: Emulators, options: WorldOptions) {
  const client = emulators.clients.dynamo;
  const jobsTable = { client, tableName: `hotkeys-jobs-${randomUUID()}`, byStatusIndex: 'byStatus' };
  const statsTable = { client, tableName: `hotkeys-stats-${randomUUID()}` };
  await createJobsTable(emulators.endpoints.dynamodb, jobsTable.tableName);
  await createStatsTable(emulators.endpoints.dynamodb, statsTable.tableName);

  let now = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS + 1_000;
  const clock = { now: () => new Date(now) };
  const queue = new MemoryJobQueue(clock);
  const store = createDynamoJobStore(jobsTable);
  const stats = createDynamoSnapshotStore(statsTable);
  const holds = createDynamoHoldTally(statsTable);
  const files = new MemoryFileStore();
  const submitDeps: SubmitJobsDeps = {
    store,
    keys: createDynamoIdempotencyKeys(jobsTable),
    batches: createDynamoBatchStore(jobsTable),
    queue,
    specs: options.jobs,
    clock,
    newId: randomUUID,
    ...(options.scheduleHorizonSeconds ? { scheduleHorizonSeconds: options.scheduleHorizonSeconds } : {}),
  };
  const limits = createDynamoJobLimits(jobsTable);
  const noQueue = { depth: async () => ({ visible: 0, inFlight: 0, delayed: 0 }) };
  let completed = 0;
  let statsRuns = 0;
  let sweeps = 0;

  const deliver = async (received: ReceivedMessage, slot: number) => {
    const message = parseJobMessage(received.body);
    const outcome = await runJob(
      {
        store,
        jobs: options.jobs,
        files,
        clock,
        limits,
        holds,
        queue,
        random: options.random,
        workerId: `worker-${slot % 4}`,
      },
      message,
      { deadline: new Date(now + MINUTE_MS) },
    );
    // What functions/worker/process-record.ts does with each outcome.
    if (outcome.kind === 'retry') {
      await queue.setVisibility(received, outcome.delaySeconds);
      return;
    }
    if (outcome.kind === 'early') await queue.send(message, { delaySeconds: outcome.delaySeconds });
    if (outcome.kind === 'heldBack')
      await queue.send(outcome.message, { delaySeconds: outcome.delaySeconds });
    if (outcome.kind === 'completed') completed += 1;
    queue.delete(received.receiptHandle);
  };

  /** Runs every visible message, WORKER_CONCURRENCY at a time, until none is visible. */
  const poll = async () => {
    for (let batch = queue.receive(WORKER_CONCURRENCY); batch.length > 0; ) {
      await Promise.all(batch.map((received, slot) => deliver(received, slot)));
      batch = queue.receive(WORKER_CONCURRENCY);
    }
    options.onCompleted?.(completed);
  };

  /** The sweeper's run and the stats run, as their schedules start them every minute. */
  const minutely = async () => {
    await sweepJobs({ store, queue, clock, retention: { specs: options.jobs } }, DEFAULT_SWEEP);
    sweeps += 1;
    await takeSnapshot({
      store,
      snapshots: stats,
      history: stats,
      queues: priorityMonitors(queue),
      deadLetterQueue: noQueue,
      holds,
      workerLimit: WORKER_CONCURRENCY,
      clock,
    });
    statsRuns += 1;
  };

  return {
    tables: { jobs: jobsTable.tableName, stats: statsTable.tableName },
    submitDeps,
    clock,
    get completed() {
      return completed;
    },
    get statsRuns() {
      return statsRuns;
    },
    get sweeps() {
      return sweeps;
    },
    /** Moves the clock on by `ms`, polling at each whole second and running the minute's runs at each minute. */
    async elapse(ms: number): Promise<void> {
      const end = now + ms;
      for (let next = Math.floor(now / 1000) * 1000 + 1000; next <= end; next += 1000) {
        now = next;
        await poll();
        if (now % MINUTE_MS === 0) await minutely();
      }
      now = end;
    },
    /** Lets time pass until `expected` jobs completed; fails after `maxSeconds` of virtual time. */
    async settle(expected: number, maxSeconds: number): Promise<void> {
      for (let waited = 0; completed < expected; waited += 1) {
        if (waited >= maxSeconds)
          throw new Error(
            `only ${completed} of ${expected} jobs completed after ${maxSeconds} s of virtual time`,
          );
        await this.elapse(1000);
      }
    },
  };
}

export type World = Awaited<ReturnType<typeof createWorld>>;
