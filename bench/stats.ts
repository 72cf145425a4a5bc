/**
 * npx tsx bench/stats.ts [--window-jobs 300] [--runs 7] [--rate 10]
 *
 * Shows that a stats run costs what changed since the last run, not what is stored:
 *  1. against an in-process dynalite, stores 10,000 finished jobs spread over the past days, lets
 *     `windowJobs` jobs finish in each run's window, and times takeSnapshot (median of `runs`);
 *  2. grows the table to 100,000 stored jobs and times it again with the same window activity;
 *  3. pushes 1,000 jobs through submit → claim → complete (with the stats runs of that time, on a
 *     virtual clock at `rate` jobs/s) and counts the writes each DynamoDB key received.
 * Prints `stats run: 10,000 jobs X ms, 100,000 jobs Y ms, ratio Y/X` and the largest writes per key.
 */

import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Command } from 'commander';
import { jobs } from '../jobs/index.ts';
import { drainRequestCounts } from '../src/adapters/aws/request-counter.ts';
import type { JobItem } from '../src/adapters/dynamodb/job-item.ts';
import { createDynamoJobStore } from '../src/adapters/dynamodb/job-store.ts';
import { createDynamoSnapshotStore } from '../src/adapters/dynamodb/snapshot-store.ts';
import { MemoryFileStore } from '../src/adapters/memory/file-store.ts';
import type { JobMessage } from '../src/core/job.ts';
import type { JobStore } from '../src/core/ports.ts';
import { countJobs } from '../src/core/use-cases/count-jobs.ts';
import { runJob } from '../src/core/use-cases/run-job.ts';
import { submitJob } from '../src/core/use-cases/submit-job.ts';
import { type TakeSnapshotDeps, takeSnapshot } from '../src/core/use-cases/take-snapshot.ts';
import { createJobsTable, createStatsTable, startEmulators } from '../test/helpers/emulators.ts';
import { countWritesPerKey } from './write-counter.ts';

const options = new Command()
  .option('--window-jobs <n>', 'jobs finished in each timed run window', (v) => Number.parseInt(v, 10), 300)
  .option(
    '--runs <n>',
    'timed runs per table size (the median is reported)',
    (v) => Number.parseInt(v, 10),
    7,
  )
  .option('--rate <n>', 'jobs/s of the 1,000-job write count (virtual time)', (v) => Number.parseFloat(v), 10)
  .parse()
  .opts<{ windowJobs: number; runs: number; rate: number }>();

const TYPES = ['noop', 'email', 'resize', 'report'];
const WARM_UP_RUNS = 5;
const DAY_MS = 24 * 3600 * 1000;

const emulators = await startEmulators();
const client = emulators.clients.dynamo;
const writes = countWritesPerKey(client);
try {
  const jobsTable = `jobs-${randomUUID()}`;
  const statsTable = `stats-${randomUUID()}`;
  await createJobsTable(emulators.endpoints.dynamodb, jobsTable);
  await createStatsTable(emulators.endpoints.dynamodb, statsTable);
  const store = createDynamoJobStore({ client, tableName: jobsTable, byStatusIndex: 'byStatus' });
  const stats = createDynamoSnapshotStore({ client, tableName: statsTable });
  let now = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const deps: TakeSnapshotDeps = {
    store,
    snapshots: stats,
    history: stats,
    queues: {
      high: { depth: async () => ({ visible: 0, inFlight: 0, delayed: 0 }) },
      default: { depth: async () => ({ visible: 40, inFlight: 4, delayed: 0 }) },
      low: { depth: async () => ({ visible: 0, inFlight: 0, delayed: 0 }) },
    },
    deadLetterQueue: { depth: async () => ({ visible: 0, inFlight: 0, delayed: 0 }) },
    workerLimit: 4,
    clock: { now: () => now },
  };
  // History ends two hours back, so even the first run's one-hour look-back reads none of it.
  const historyEnd = now.getTime() - 2 * 3600 * 1000;

  console.log('storing 10,000 finished jobs over the past 5 days…');
  await storeFinishedJobs(client, jobsTable, 10_000, historyEnd - 5 * DAY_MS, historyEnd);
  await storeActiveJobs(client, jobsTable, now);
  await takeSnapshot(deps);

  const timeRuns = async () => {
    const times: number[] = [];
    let requests = 0;
    let scanned = 0;
    // Untimed runs first: the JIT and the emulator's caches warm up on them.
    for (let i = 0; i < options.runs + WARM_UP_RUNS; i++) {
      const windowStart = now.getTime() - 10_000;
      now = new Date(now.getTime() + 60_000);
      await storeFinishedJobs(client, jobsTable, options.windowJobs, windowStart + 1, now.getTime() - 10_000);
      drainRequestCounts();
      writes.scanned = 0;
      const started = performance.now();
      await takeSnapshot(deps);
      const ms = performance.now() - started;
      const n = Object.values(drainRequestCounts()).reduce((a, b) => a + b, 0);
      if (i < WARM_UP_RUNS) continue;
      times.push(ms);
      requests += n;
      scanned += writes.scanned;
    }
    // For contrast: what the stats run used to do, a full count of every status.
    const started = performance.now();
    await countJobs(store);
    return {
      ms: median(times),
      requestsPerRun: requests / options.runs,
      itemsReadPerRun: scanned / options.runs,
      fullCountMs: performance.now() - started,
    };
  };

  const small = await timeRuns();
  const describeRun = (r: typeof small) =>
    `  run: ${r.ms.toFixed(0)} ms, ${r.requestsPerRun.toFixed(0)} DynamoDB requests, ${r.itemsReadPerRun.toFixed(0)} items read`;
  console.log(describeRun(small));
  console.log('growing to 100,000 stored jobs…');
  await storeFinishedJobs(client, jobsTable, 90_000, historyEnd - 30 * DAY_MS, historyEnd);
  const large = await timeRuns();
  console.log(describeRun(large));

  console.log('pushing 1,000 jobs through submit → claim → complete, counting writes per key…');
  writes.reset();
  writes.enabled = true;
  const runs = await thousandJobs(
    store,
    deps,
    () => now,
    (d) => {
      now = d;
    },
  );
  writes.enabled = false;

  const fmt = (n: number) => n.toLocaleString('en-US');
  console.log('');
  console.log(
    `stats run: ${fmt(10_000)} jobs ${small.ms.toFixed(0)} ms, ${fmt(100_000)} jobs ${large.ms.toFixed(0)} ms, ` +
      `ratio ${(large.ms / small.ms).toFixed(2)} (${options.windowJobs} jobs finished per window, median of ${options.runs})`,
  );
  console.log(
    `  items read per run: ${small.itemsReadPerRun.toFixed(0)} at ${fmt(10_000)}, ${large.itemsReadPerRun.toFixed(0)} at ${fmt(100_000)}`,
  );
  const top = writes.top(3);
  console.log(
    `largest writes to one DynamoDB key per 1,000 jobs: ${top[0]?.[1] ?? 0} (${top[0]?.[0] ?? 'none'}; ` +
      `${runs} stats runs at ${options.rate} jobs/s)`,
  );
  for (const [key, n] of top.slice(1)) console.log(`  next: ${n} ${key}`);
  console.log(
    `  (for contrast, counting every stored job by status: ${small.fullCountMs.toFixed(0)} ms at ${fmt(10_000)}, ` +
      `${large.fullCountMs.toFixed(0)} ms at ${fmt(100_000)})`,
  );
  const jobMax = writes.maxWhere((key) => key.startsWith(`${jobsTable}:`));
  console.log(`  any one job item: ${jobMax} writes (1 put + 2 updates per attempt)`);
  const statsMax = writes.maxWhere((key) => key.startsWith(`${statsTable}:`));
  console.log(
    `  any one stats item: ${statsMax} writes (the latest snapshot: once per stats run, whatever the job rate)`,
  );
  const hottest = writes.indexTop();
  console.log(
    `  byStatus index partitions (not items): ${hottest.map(([k, n]) => `${k} ${n}`).join(', ')} ` +
      '— one index write per job per status it enters',
  );
} finally {
  await emulators.stop();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Finished jobs (completed, one in ten failed) whose last change is spread over [from, to]. */
async function storeFinishedJobs(
  dynamo: DynamoDBDocumentClient,
  table: string,
  count: number,
  from: number,
  to: number,
): Promise<void> {
  const items: JobItem[] = Array.from({ length: count }, (_, i) => {
    const finished = from + Math.floor(((to - from) * (i + 0.5)) / count);
    const started = finished - 50 - (i % 200);
    const created = started - 20 - (i % 500);
    const failed = i % 10 === 9;
    return {
      id: randomUUID(),
      type: TYPES[i % TYPES.length]!,
      payload: {},
      status: failed ? 'failed' : 'completed',
      attempts: failed ? 3 : 1,
      maxAttempts: 3,
      createdAt: new Date(created).toISOString(),
      updatedAt: new Date(finished).toISOString(),
      startedAt: new Date(started).toISOString(),
      finishedAt: new Date(finished).toISOString(),
      ...(failed ? { error: { name: 'Error', message: 'boom' } } : { result: { ok: true } }),
      workerId: `2026/01/01/[$LATEST]${(i % 4).toString(16).padStart(32, '0')}`,
    };
  });
  await batchPut(dynamo, table, items);
}

/** A realistic backlog: 50 pending jobs and 4 running. */
async function storeActiveJobs(dynamo: DynamoDBDocumentClient, table: string, at: Date): Promise<void> {
  const iso = at.toISOString();
  const lease = new Date(at.getTime() + 3_600_000).toISOString();
  const items: JobItem[] = Array.from({ length: 54 }, (_, i) => ({
    id: randomUUID(),
    type: TYPES[i % TYPES.length]!,
    payload: {},
    status: i < 50 ? 'pending' : 'running',
    attempts: i < 50 ? 0 : 1,
    maxAttempts: 3,
    createdAt: iso,
    updatedAt: iso,
    ...(i < 50 ? {} : { startedAt: iso, leaseExpiresAt: lease, workerId: `worker-${i - 50}` }),
  }));
  await batchPut(dynamo, table, items);
}

async function batchPut(
  dynamo: DynamoDBDocumentClient,
  table: string,
  items: readonly JobItem[],
): Promise<void> {
  const batches: JobItem[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      let pending: Record<string, unknown>[] = (batches[next++] ?? []).map((Item) => ({
        PutRequest: { Item },
      }));
      while (pending.length > 0) {
        const out = await dynamo.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
        pending = (out.UnprocessedItems?.[table] ?? []) as Record<string, unknown>[];
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

/**
 * 1,000 noop jobs through the real use cases on the DynamoDB store, on a virtual clock at
 * `options.rate` jobs/s, with a stats run at each minute boundary. Returns how many stats runs ran.
 */
async function thousandJobs(
  store: JobStore,
  deps: TakeSnapshotDeps,
  getNow: () => Date,
  setNow: (at: Date) => void,
): Promise<number> {
  const clock = { now: getNow };
  const sent: JobMessage[] = [];
  const submitDeps = {
    store,
    queue: { send: async (m: JobMessage) => void sent.push(m) },
    specs: jobs,
    clock,
    newId: randomUUID,
  };
  const files = new MemoryFileStore();
  const stepMs = 1000 / options.rate;
  let nextStats = Math.ceil(getNow().getTime() / 60_000) * 60_000;
  let runs = 0;
  for (let batch = 0; batch < 1000 / 20; batch++) {
    for (let i = 0; i < 20; i++) {
      setNow(new Date(getNow().getTime() + stepMs));
      await submitJob(submitDeps, { type: 'noop' });
    }
    const messages = sent.splice(0);
    await Promise.all(
      messages.map((message, i) =>
        runJob({ store, jobs, files, clock, workerId: `worker-${i % 4}` }, message, {
          deadline: new Date(getNow().getTime() + 60_000),
        }),
      ),
    );
    if (getNow().getTime() >= nextStats) {
      await takeSnapshot(deps);
      runs++;
      nextStats += 60_000;
    }
  }
  return runs;
}
