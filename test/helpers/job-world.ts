import { z } from 'zod';
import { createMemoryBatchStore } from '../../src/adapters/memory/batch-store.ts';
import { MemoryFileStore } from '../../src/adapters/memory/file-store.ts';
import { MemoryJobQueue } from '../../src/adapters/memory/job-queue.ts';
import { createMemoryJobStore } from '../../src/adapters/memory/job-store.ts';
import { PermanentJobError } from '../../src/core/errors.ts';
import type { Job } from '../../src/core/job.ts';
import type { JobContext, JobRegistry } from '../../src/core/registry.ts';
import { runJob } from '../../src/core/use-cases/run-job.ts';
import { later, T0 } from './jobs.ts';

/**
 * Dependencies and batches on memory adapters, with a fixed clock: `ok` jobs record the context they
 * saw, `boom` jobs fail for good. `drain` is a worker that runs every message it receives.
 */
export function jobWorld() {
  let now = T0;
  const clock = { now: () => now };
  const store = createMemoryJobStore();
  const queue = new MemoryJobQueue(clock);
  const seen: Record<string, JobContext['dependencies']> = {};
  const summaries: Record<string, JobContext['batch']> = {};
  const schema = z.object({ name: z.string().optional() }).strict();
  const jobs: Record<string, JobRegistry[string]> = {
    ok: {
      schema,
      handler: async (_payload, ctx) => {
        seen[ctx.jobId] = ctx.dependencies;
        if (ctx.batch) summaries[ctx.jobId] = ctx.batch;
        return { at: now.toISOString() };
      },
    },
    boom: {
      schema,
      handler: async () => {
        throw new PermanentJobError('no');
      },
    },
  };
  let ids = 0;
  const deps = {
    store,
    queue,
    clock,
    specs: jobs,
    newId: () => `job-${++ids}`,
    batches: createMemoryBatchStore(),
  };
  const order: string[] = [];
  return {
    deps,
    store,
    seen,
    summaries,
    order,
    tick(seconds = 1) {
      now = new Date(now.getTime() + seconds * 1000);
    },
    /** Runs every message on the queue, one at a time, until none is left; returns the ids in run order. */
    async drain(): Promise<string[]> {
      for (let round = 0; round < 100; round++) {
        const messages = queue.receive(10);
        if (messages.length === 0) break;
        for (const m of messages) {
          queue.delete(m.receiptHandle);
          now = new Date(now.getTime() + 1000);
          const message = JSON.parse(m.body) as { id: string; type: string };
          const outcome = await runJob(
            { store, jobs, files: new MemoryFileStore(), clock, queue, random: () => 0 },
            message,
            { deadline: later(3600, now) },
          );
          if (outcome.kind !== 'duplicate') order.push(message.id);
        }
      }
      return order;
    },
    async get(id: string): Promise<Job> {
      const job = await store.get(id);
      if (!job) throw new Error(`no job ${id}`);
      return job;
    },
  };
}
