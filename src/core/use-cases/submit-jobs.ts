import {
  EnqueueError,
  type ErrorDetails,
  PayloadTooLargeError,
  SqsJobsError,
  ValidationError,
} from '../errors.ts';
import type { Job, JobMessage } from '../job.ts';
import type { JobQueue } from '../ports.ts';
import { MAX_SUBMISSION_BYTES, parseSubmission } from '../submission.ts';
import type { Placement } from '../timing.ts';
import { delayed, placeJob, type SubmitJobDeps } from './submit-job.ts';

export interface SubmitJobsDeps extends Omit<SubmitJobDeps, 'queue'> {
  readonly queue: Pick<JobQueue, 'sendBatch'>;
}

/** The most jobs one batch submit takes. */
export const MAX_BATCH_JOBS = 500;
/** The largest batch body: 500 jobs of 8 KB, under Lambda's 6 MB request limit. */
export const MAX_BATCH_BYTES = 4 * 1024 * 1024;

/** One item's answer, in the order submitted: accepted (queued, or scheduled for later), or refused with why. */
export type BatchItemResult =
  | { readonly accepted: true; readonly id: string; readonly status: 'pending' | 'scheduled' }
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
  const jobs: { readonly index: number; readonly job: Job; readonly placed: Placement }[] = [];
  const now = deps.clock.now();
  for (const [index, body] of bodies.entries()) {
    try {
      const bytes = Buffer.byteLength(JSON.stringify(body) ?? '');
      if (bytes > MAX_SUBMISSION_BYTES) throw new PayloadTooLargeError(bytes, MAX_SUBMISSION_BYTES);
      const submission = parseSubmission(body, deps.specs, deps.maxAttemptsLimit);
      jobs.push({ index, ...placeJob(deps, submission, now) });
    } catch (error) {
      if (!(error instanceof SqsJobsError)) throw error;
      results[index] = refused(error);
    }
  }
  if (jobs.length > 0) {
    const unstored = new Set((await deps.store.createMany(jobs.map(({ job }) => job))).failed);
    // Scheduled jobs have no message yet; the others are sent in one batch per delay.
    const byDelay = new Map<number, JobMessage[]>();
    for (const { job, placed } of jobs) {
      if (unstored.has(job.id) || placed.status !== 'pending') continue;
      const messages = byDelay.get(placed.delaySeconds) ?? [];
      messages.push({ id: job.id, type: job.type });
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
    for (const { index, job } of jobs) {
      if (unstored.has(job.id) || unsent.has(job.id)) {
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

function refused(error: SqsJobsError): BatchItemResult {
  return { accepted: false, error: { code: error.code, message: error.message, details: error.details } };
}
