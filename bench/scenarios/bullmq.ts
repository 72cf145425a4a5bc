import { createRequire } from 'node:module';
import { findOnPath, startRedisServer } from '../bullmq/redis-server.ts';
import { type BullmqFigures, type BullmqMode, runBullmqMode } from '../bullmq/run-mode.ts';
import type { EarlierResults, Scenario, ScenarioResult } from '../scenario.ts';

/** Jobs the BullMQ Worker runs at once. */
const WORKER_CONCURRENCY = 16;
/** Jobs per addBulk call when --batch is not given: throughput's batch mode's default. */
const DEFAULT_CHUNK = 100;
const MODES: readonly BullmqMode[] = ['add', 'addBulk'];

/**
 * The throughput workload on BullMQ: noop jobs added one at a time and in addBulk chunks, worked by
 * a Worker, on a throwaway redis-server, printed beside throughput's figures when both ran. Reads
 * --jobs, --warmup, --concurrency and --batch (the addBulk chunk).
 */
export const bullmq: Scenario = {
  name: 'bullmq',
  summary: 'the same noop workload on BullMQ + a local redis-server (Debian package), beside ours',
  after: ['throughput'],
  async run(options, progress, earlier) {
    const executable = findOnPath('redis-server');
    if (!executable)
      return {
        skipped: 'redis-server is not installed (apt-get install -y redis-server)',
        table: [],
        data: {},
      };
    if (!ioredisInstalled())
      return {
        skipped:
          'BullMQ 6 needs the ioredis package to reach Redis, and it is not installed (npm install -D ioredis)',
        table: [],
        data: {},
      };
    progress.phase('starting redis-server', 1);
    const redis = await startRedisServer(executable);
    const figures: BullmqFigures[] = [];
    try {
      for (const mode of MODES)
        figures.push(
          await runBullmqMode(
            mode,
            {
              port: redis.port,
              jobs: options.jobs,
              warmup: options.warmup,
              concurrency: options.concurrency,
              chunk: options.batch ?? DEFAULT_CHUNK,
              workerConcurrency: WORKER_CONCURRENCY,
            },
            progress,
          ),
        );
    } finally {
      await redis.stop();
    }
    return report(figures, earlier);
  },
};

/** BullMQ loads ioredis itself (an optional peer dependency), from its own folder. */
function ioredisInstalled(): boolean {
  try {
    const require = createRequire(import.meta.url);
    createRequire(require.resolve('bullmq')).resolve('ioredis');
    return true;
  } catch {
    return false;
  }
}

/** What both tables show of a run, ours or BullMQ's. */
interface Row {
  readonly system: string;
  readonly mode: string;
  readonly jobs: number;
  readonly addedPerSecond: number;
  readonly completedPerSecond: number;
  readonly latencyMs?: { readonly p50: number; readonly p95: number; readonly p99: number };
}

function report(figures: readonly BullmqFigures[], earlier: EarlierResults): ScenarioResult {
  const ours = throughputRows(earlier);
  const rows: Row[] = [
    ...figures.map((f) => ({
      system: 'BullMQ',
      mode: f.label,
      jobs: f.jobs,
      addedPerSecond: f.addedPerSecond,
      completedPerSecond: f.completedPerSecond,
      latencyMs: f.latencyMs,
    })),
    ...ours,
  ];
  const best = (list: readonly Row[]) => list.reduce((a, b) => Math.max(a, b.completedPerSecond), 0);
  const theirs = best(rows.filter((row) => row.system === 'BullMQ'));
  const comparison =
    ours.length > 0
      ? [
          `Completed jobs/s, the best mode of each: sqs-jobs ${best(ours).toFixed(0)}, BullMQ ${theirs.toFixed(0)} (BullMQ ÷ sqs-jobs = ${(theirs / Math.max(best(ours), 1e-9)).toFixed(1)}×).`,
        ]
      : [
          'Run throughput in the same suite run (npm run bench -- throughput bullmq) to see our figures beside these.',
        ];
  return {
    table: rows.map((row) => ({
      system: row.system,
      mode: row.mode,
      jobs: row.jobs,
      'added jobs/s': Math.round(row.addedPerSecond),
      'completed jobs/s': Math.round(row.completedPerSecond),
      'p50 ms': row.latencyMs ? Math.round(row.latencyMs.p50) : '',
      'p95 ms': row.latencyMs ? Math.round(row.latencyMs.p95) : '',
      'p99 ms': row.latencyMs ? Math.round(row.latencyMs.p99) : '',
    })),
    notes: [
      ...comparison,
      `BullMQ: one redis-server (no persistence) started for the run; the jobs are added from this process and worked by one Worker (concurrency ${WORKER_CONCURRENCY}, noop processor) in a child process. Completed jobs/s: first add → the last job's finishedOn; latency: each job's timestamp (set when added) → its finishedOn.`,
      'sqs-jobs rows, when present, are the throughput scenario of this suite run (API, queue, worker and DynamoDB emulated on this machine); BullMQ runs with no HTTP API in front and no durable store behind, so it is the floor a queue library reaches here, not a like-for-like system.',
    ],
    data: { workerConcurrency: WORKER_CONCURRENCY, modes: figures, ours },
  };
}

/**
 * Throughput's modes as its result holds them: any object in its data with a numeric
 * `completedPerSecond` (its ModeFigures). Read loosely, so that a change of its JSON shape costs
 * the comparison, never this scenario.
 */
function throughputRows(earlier: EarlierResults): Row[] {
  const result = earlier.get('throughput');
  if (!result || result.skipped) return [];
  const found: Row[] = [];
  const visit = (value: unknown, depth: number) => {
    if (depth > 4 || !value || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    const record = value as Record<string, unknown>;
    if (typeof record.completedPerSecond === 'number') {
      const latency = record.latencyMs as Row['latencyMs'] | undefined;
      found.push({
        system: 'sqs-jobs',
        mode: String(record.label ?? record.mode ?? ''),
        jobs: Number(record.jobs ?? 0),
        addedPerSecond: Number(record.acceptedPerSecond ?? 0),
        completedPerSecond: record.completedPerSecond,
        ...(latency && typeof latency.p50 === 'number' ? { latencyMs: latency } : {}),
      });
      return;
    }
    for (const child of Object.values(record)) visit(child, depth + 1);
  };
  visit(result.data, 0);
  return found;
}
