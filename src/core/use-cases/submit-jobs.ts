import { BackpressureError } from '../backpressure.ts';
import {
  EnqueueError,
  type ErrorDetails,
  PayloadTooLargeError,
  SqsJobsError,
  ValidationError,
} from '../errors.ts';
import { type Job, type JobMessage, jobMessageOf } from '../job.ts';
import type { JobQueue } from '../ports.ts';
import type { Priority } from '../priority.ts';
import type { JobStatus } from '../status.ts';
import { MAX_SUBMISSION_BYTES, parseSubmission, type Submission } from '../submission.ts';
import type { Placement } from '../timing.ts';
import { admitOrRemove, delayed, placeJob, type SubmitJobDeps } from './submit-job.ts';

export interface SubmitJobsDeps extends Omit<SubmitJobDeps, 'queue'> {
  readonly queue: Pick<JobQueue, 'sendBatch'>;
}

/** The most jobs one batch submit takes. */
export const MAX_BATCH_JOBS = 500;
/** The largest batch body: 500 jobs of 8 KB, under Lambda's 6 MB request limit. */
export const MAX_BATCH_BYTES = 4 * 1024 * 1024;

/** One item's answer, in the order submitted: accepted (queued, or scheduled for later), or refused with why. */
export type BatchItemResult =
  | {
      readonly accepted: true;
      readonly id: string;
      readonly status: JobStatus;
      /** Its idempotency key was taken: this is the key's first job (its status now); nothing was created. */
      readonly duplicate?: true;
    }
  | {
      readonly accepted: false;
      readonly error: { readonly code: string; readonly message: string; readonly details: ErrorDetails };
    };

/** What became of a batch: the counts, and one result per job in the order submitted. */
export interface BatchOutcome {
  readonly accepted: number;
  readonly rejected: number;
  readonly results: readonly BatchItemResult[];
}

/**
 * Submits many jobs, each judged on its own: an invalid item is refused with its error and never
 * sinks the valid ones. The valid ones are written in batches (BatchWriteItem, 25 a request), then
 * their messages sent in batches (SendMessageBatch, 10 a request), record before message as for one
 * job: a job whose record or message could not be written is removed and refused (EnqueueFailed), so
 * an accepted job is always stored and queued, and a refused one never runs.
 */
export async function submitJobs(deps: SubmitJobsDeps, bodies: readonly unknown[]): Promise<BatchOutcome> {
  if (bodies.length === 0 || bodies.length > MAX_BATCH_JOBS)
    throw new ValidationError(`A batch holds 1–${MAX_BATCH_JOBS} jobs; this one holds ${bodies.length}.`, {
      field: 'jobs',
      count: bodies.length,
    });
  const results: BatchItemResult[] = new Array(bodies.length);
  const jobs: {
    readonly index: number;
    readonly job: Job;
    readonly placed: Placement;
    readonly submission: Submission;
  }[] = [];
  const now = deps.clock.now();
  for (const [index, body] of bodies.entries()) {
    try {
      const bytes = Buffer.byteLength(JSON.stringify(body) ?? '');
      if (bytes > MAX_SUBMISSION_BYTES) throw new PayloadTooLargeError(bytes, MAX_SUBMISSION_BYTES);
      const submission = parseSubmission(body, deps.specs, deps.maxAttemptsLimit);
      jobs.push({ index, submission, ...placeJob(deps, submission, now) });
    } catch (error) {
      if (!(error instanceof SqsJobsError)) throw error;
      results[index] = refused(error);
    }
  }
  await refuseFullQueues(deps, jobs, results);
  if (jobs.length > 0) {
    const unstored = new Set((await deps.store.createMany(jobs.map(({ job }) => job))).failed);
    // Keys are taken one job at a time (a conditional write each), after the records exist: a
    // duplicate (also of an earlier item of this batch) answers with the key's first job.
    const answered = new Set<string>();
    await Promise.all(
      jobs.map(async ({ index, job, submission }) => {
        const { idempotencyKey } = submission;
        if (unstored.has(job.id) || idempotencyKey === undefined) return;
        try {
          const outcome = await admitOrRemove(deps, { ...submission, idempotencyKey }, job);
          if (outcome.kind === 'admitted') return;
          results[index] = {
            accepted: true,
            id: outcome.job.id,
            status: outcome.job.status,
            duplicate: true,
          };
        } catch (error) {
          if (!(error instanceof SqsJobsError)) throw error;
          results[index] = refused(error);
        }
        answered.add(job.id);
      }),
    );
    // Scheduled jobs have no message yet; the others are sent in one batch per delay.
    const byDelay = new Map<number, JobMessage[]>();
    for (const { job, placed } of jobs) {
      if (unstored.has(job.id) || answered.has(job.id) || placed.status !== 'pending') continue;
      const messages = byDelay.get(placed.delaySeconds) ?? [];
      messages.push(jobMessageOf(job));
      byDelay.set(placed.delaySeconds, messages);
    }
    const unsent = new Set<string>();
    for (const [delaySeconds, messages] of byDelay) {
      const { failed } = await deps.queue.sendBatch(messages, delayed(delaySeconds));
      for (const message of failed) unsent.add(message.id);
    }
    // Rolled back like one job's: a record left behind (the delete failed too) is never reported
    // as accepted, and the sweeper queues it.
    await Promise.all([...unsent].map((id) => deps.store.removePending(id).catch(() => undefined)));
    for (const { index, job, submission } of jobs) {
      if (answered.has(job.id)) continue;
      if (unstored.has(job.id) || unsent.has(job.id)) {
        if (submission.idempotencyKey !== undefined && unsent.has(job.id))
          await deps.keys?.release(submission.idempotencyKey, job.id).catch(() => undefined);
        results[index] = refused(new EnqueueError(job.id, undefined));
        continue;
      }
      results[index] = {
        accepted: true,
        id: job.id,
        status: job.status === 'scheduled' ? 'scheduled' : 'pending',
      };
      deps.events?.emit({ name: 'JobEnqueued', jobId: job.id, type: job.type });
    }
  }
  const accepted = results.filter((result) => result.accepted).length;
  return { accepted, rejected: results.length - accepted, results };
}

/**
 * The backpressure guard, once per priority the batch uses: the items bound for a full queue are
 * refused (Backpressure) and taken out of `jobs`, the others go ahead. When every valid item is
 * refused so, the whole request is (503, as for one job), so a client backs off and sends it again.
 */
async function refuseFullQueues(
  deps: SubmitJobsDeps,
  jobs: { readonly index: number; readonly submission: Submission }[],
  results: BatchItemResult[],
): Promise<void> {
  const { admit } = deps;
  if (!admit || jobs.length === 0) return;
  const full = new Map<Priority, BackpressureError>();
  for (const priority of new Set(jobs.map(({ submission }) => submission.priority))) {
    try {
      await admit(priority);
    } catch (error) {
      if (!(error instanceof BackpressureError)) throw error;
      full.set(priority, error);
    }
  }
  if (full.size === 0) return;
  const first = full.values().next().value;
  if (first && jobs.every(({ submission }) => full.has(submission.priority))) throw first;
  for (let at = jobs.length - 1; at >= 0; at -= 1) {
    const item = jobs[at];
    const error = item && full.get(item.submission.priority);
    if (!item || !error) continue;
    results[item.index] = refused(error);
    jobs.splice(at, 1);
  }
}

function refused(error: SqsJobsError): BatchItemResult {
  return { accepted: false, error: { code: error.code, message: error.message, details: error.details } };
}
