import { JobAlreadyExistsError } from '../../core/errors.ts';
import type { Job } from '../../core/job.ts';
import type { JobStore } from '../../core/ports.ts';

/**
 * The JobStore contract held in a Map, for unit tests and as the reference the DynamoDB adapter is
 * checked against (test/integration/job-store.conformance.test.ts runs the same cases on both).
 */
export function createMemoryJobStore(): JobStore & { readonly jobs: ReadonlyMap<string, Job> } {
  const jobs = new Map<string, Job>();
  const update = (id: string, guard: (job: Job) => boolean, change: (job: Job) => Job): Job | undefined => {
    const job = jobs.get(id);
    if (!job || !guard(job)) return undefined;
    const next = change(job);
    jobs.set(id, next);
    return next;
  };
  const owns = (attempt: number) => (job: Job) => job.status === 'running' && job.attempts === attempt;

  return {
    jobs,
    async create(job) {
      if (jobs.has(job.id)) throw new JobAlreadyExistsError(job.id);
      jobs.set(job.id, structuredClone(job));
    },
    async get(id) {
      const job = jobs.get(id);
      return job ? structuredClone(job) : undefined;
    },
    async claim(id, now) {
      const at = now.toISOString();
      const job = update(
        id,
        (j) => j.status === 'pending' && j.attempts < j.maxAttempts,
        (j) => ({ ...j, status: 'running', attempts: j.attempts + 1, startedAt: at, updatedAt: at }),
      );
      return job ? structuredClone(job) : undefined;
    },
    async complete(id, attempt, result, now) {
      const at = now.toISOString();
      return !!update(id, owns(attempt), (j) => ({
        ...j,
        status: 'completed',
        result,
        finishedAt: at,
        updatedAt: at,
      }));
    },
    async fail(id, attempt, error, next, now) {
      const at = now.toISOString();
      return !!update(id, owns(attempt), (j) => ({
        ...j,
        status: next,
        error,
        updatedAt: at,
        ...(next === 'failed' ? { finishedAt: at } : {}),
      }));
    },
    async removePending(id) {
      const job = jobs.get(id);
      if (job && job.status === 'pending' && job.attempts === 0) jobs.delete(id);
    },
    async countByStatus(status) {
      let n = 0;
      for (const job of jobs.values()) if (job.status === status) n++;
      return n;
    },
  };
}
