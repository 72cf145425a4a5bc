import { z } from 'zod';
import { jobs as appJobs } from '../../jobs/index.ts';
import { submitJob } from '../../src/core/use-cases/submit-job.ts';
import { submitJobs } from '../../src/core/use-cases/submit-jobs.ts';
import { defineJob, defineJobs } from '../../src/index.ts';
import type { World } from './world.ts';

/** Submissions per virtual second: as bench/stats.ts pushes its 1,000 jobs. */
export const RATE_PER_SECOND = 10;
/** Jobs per batch in the batch workloads. */
export const BATCH_SIZE = 100;
/** The scheduled workload's start delay, and the horizon beyond which a job is stored `scheduled`. */
export const SCHEDULE_DELAY_SECONDS = 300;
export const SCHEDULE_HORIZON_SECONDS = 60;
/** Tenants of the rate-limited workload: each a key of the `limited` type's key limits. */
const TENANTS = 4;

/**
 * A noop with every limit a type can have: 10 running at once, and per tenant 4 at once and 5
 * started per second. Four tenants allow 20 starts a second, twice the submission rate, so the
 * limits hold back only what arrives together (a poll's deliveries race for the same limit items).
 */
const limited = defineJob({
  description: 'A noop behind a concurrency limit and per-tenant key limits (bench only).',
  concurrency: 10,
  keyLimits: { key: (payload) => payload.tenant, concurrency: 4, ratePerSecond: 5 },
  schema: z.strictObject({ tenant: z.string() }),
  handler: async () => ({ ok: true }),
});

export const hotkeyJobs = defineJobs({ ...appJobs, limited });

export interface Workload {
  readonly name: string;
  /** How its jobs are submitted, for the notes. */
  readonly how: string;
  /** The store's `scheduleHorizonSeconds`, when the workload needs a shorter one. */
  readonly scheduleHorizonSeconds?: number;
  /** Submits `jobs` jobs at RATE_PER_SECOND; resolves with how many jobs will run (callbacks included). */
  submit(world: World, jobs: number): Promise<number>;
}

const stepMs = 1000 / RATE_PER_SECOND;

/** One job at a time, each after its share of a second. */
async function oneByOne(world: World, jobs: number, body: (i: number) => unknown): Promise<number> {
  for (let i = 0; i < jobs; i++) {
    await world.elapse(stepMs);
    await submitJob(world.submitDeps, body(i));
  }
  return jobs;
}

/** Groups of `size` items (the last one smaller), each batch after its jobs' share of time. */
async function inBatches(
  world: World,
  jobs: number,
  size: number,
  submit: (count: number) => Promise<void>,
): Promise<void> {
  for (let done = 0; done < jobs; ) {
    const count = Math.min(size, jobs - done);
    await world.elapse(count * stepMs);
    await submit(count);
    done += count;
  }
}

function accepted(outcome: { readonly rejected: number; readonly results: readonly unknown[] }): void {
  if (outcome.rejected > 0)
    throw new Error(`${outcome.rejected} of ${outcome.results.length} batch items were refused`);
}

const noop = { type: 'noop' };

export const WORKLOADS: readonly Workload[] = [
  {
    name: 'plain',
    how: 'noop jobs submitted one by one (submitJob)',
    submit: (world, jobs) => oneByOne(world, jobs, () => noop),
  },
  {
    name: 'batch',
    how: `noop jobs in batches of ${BATCH_SIZE} (submitJobs)`,
    async submit(world, jobs) {
      await inBatches(world, jobs, BATCH_SIZE, async (count) =>
        accepted(
          await submitJobs(
            world.submitDeps,
            Array.from({ length: count }, () => noop),
          ),
        ),
      );
      return jobs;
    },
  },
  {
    name: 'fan-in',
    how: `batches of ${BATCH_SIZE} parents + 1 child that dependsOn them all (submitJobs, positions)`,
    async submit(world, jobs) {
      await inBatches(world, jobs, BATCH_SIZE + 1, async (count) => {
        const items: unknown[] = Array.from({ length: count }, () => noop);
        if (count > 1)
          items[count - 1] = { ...noop, dependsOn: Array.from({ length: count - 1 }, (_, k) => k) };
        accepted(await submitJobs(world.submitDeps, items));
      });
      return jobs;
    },
  },
  {
    name: 'rate-limited',
    how: `a type with concurrency 10 and per tenant concurrency 4 and 5 starts/s, ${TENANTS} tenants, one by one`,
    submit: (world, jobs) =>
      oneByOne(world, jobs, (i) => ({ type: 'limited', payload: { tenant: `tenant-${i % TENANTS}` } })),
  },
  {
    name: 'scheduled',
    how: `noop jobs one by one with delaySeconds ${SCHEDULE_DELAY_SECONDS} (horizon ${SCHEDULE_HORIZON_SECONDS} s: stored scheduled, promoted by the sweeper)`,
    scheduleHorizonSeconds: SCHEDULE_HORIZON_SECONDS,
    submit: (world, jobs) => oneByOne(world, jobs, () => ({ ...noop, delaySeconds: SCHEDULE_DELAY_SECONDS })),
  },
  {
    name: 'batch-callback',
    how: `batches of ${BATCH_SIZE} noop jobs with batch.onComplete (a noop callback per batch, run besides)`,
    async submit(world, jobs) {
      let batches = 0;
      await inBatches(world, jobs, BATCH_SIZE, async (count) => {
        batches += 1;
        accepted(
          await submitJobs(
            world.submitDeps,
            Array.from({ length: count }, () => noop),
            { batch: { onComplete: noop } },
          ),
        );
      });
      return jobs + batches;
    },
  },
];
