import { batchBody, submissionBody } from '../client/submission-body.ts';
import type {
  BatchEnqueued,
  BatchJob,
  EnqueueArgs,
  EnqueueBatchOptions,
  Enqueued,
  EnqueueOptions,
  JobTypeOf,
  NewJobStatus,
} from '../client/types.ts';
import type { BatchOptions } from '../core/batch.ts';
import { PayloadTooLargeError } from '../core/errors.ts';
import type { BatchStore, JobQueue } from '../core/ports.ts';
import type { JobRegistry } from '../core/registry.ts';
import { MAX_SUBMISSION_BYTES } from '../core/submission.ts';
import { type SubmitJobDeps, submitJob } from '../core/use-cases/submit-job.ts';
import { submitJobs } from '../core/use-cases/submit-jobs.ts';

export interface Producer<J extends JobRegistry> {
  /**
   * Validates the payload with the type's schema (a `ValidationError` naming the field otherwise),
   * writes the job record, then sends its message; if the send fails the record is removed and an
   * `EnqueueError` is thrown, so a job that resolves here is stored and queued. A start more than the
   * horizon (15 minutes) ahead (`delaySeconds`, `runAt`) is only written, `scheduled`: the stack's
   * sweeper queues it when its time nears, as for `POST /jobs`. The message goes on the queue of the
   * job's `priority` (the option, else its job type's, else `default`).
   *
   * With an `idempotencyKey` (as the client's `enqueue` takes it), a key already held answers the
   * key's first job with `duplicate: true` and creates nothing; the same key with another request
   * throws an error coded `IdempotencyKeyReused` (`IdempotencyKeyReusedError`).
   *
   * @example
   * await producer.enqueue('email', { to: 'ada@example.com' }, { runAt: new Date('2026-12-01T09:30:00Z') });
   * @example
   * await producer.enqueue('email', { to: 'ada@example.com' }, { priority: 'high' });
   * @example
   * const { id, duplicate } = await producer.enqueue('email', { to: 'ada@example.com' }, { idempotencyKey: 'order-42-receipt' });
   */
  enqueue<K extends JobTypeOf<J>>(type: K, ...args: EnqueueArgs<J, K>): Promise<Enqueued<K>>;
  /**
   * Submits up to 500 jobs, each judged on its own, as `POST /jobs/batch` does: one result per job,
   * in order. Records go 25 to a BatchWriteItem and messages 10 to a SendMessageBatch (one batch per
   * distinct delay), each to its priority's queue; scheduled jobs send none. Idempotency keys as in `enqueue`: a duplicate (also
   * of an earlier job of the batch) is accepted with the key's first job and `duplicate: true`.
   *
   * With `options.batch` (even `{}`), the accepted jobs form one batch, as `POST /jobs/batch` with
   * `batch` makes it: its id is the answer's `batchId` (followed with the client's
   * `client.batches.get(batchId)`), and `batch.onComplete` is a job run once after every job of the
   * batch is final. The batch is stored whole or not at all: a job of it that cannot be stored or
   * queued takes it all back and throws an `EnqueueError`; an invalid `onComplete` (from untyped
   * code) throws before anything is written: a `ValidationError` naming `batch.onComplete`, or an
   * error coded `UnknownJobType`.
   *
   * @example
   * const { batchId } = await producer.enqueueBatch(
   *   [{ type: 'resize', payload: { file: 'a.png' } }, { type: 'resize', payload: { file: 'b.png' } }],
   *   { batch: { onComplete: { type: 'email', payload: { to: 'ops@example.com' } } } },
   * );
   */
  enqueueBatch(
    jobs: readonly BatchJob<J>[],
    options?: EnqueueBatchOptions<J>,
  ): Promise<BatchEnqueued<JobTypeOf<J>>>;
}

/** What the producer submits through: the submit use cases' ports, the queue with both sends. */
export interface ProducerDeps extends Omit<SubmitJobDeps, 'queue'> {
  readonly queue: Pick<JobQueue, 'send' | 'sendBatch'>;
  /** Where batches are recorded; `enqueueBatch` with `batch` is refused (ValidationError) without it. */
  readonly batches?: BatchStore;
}

/**
 * The producer over any store and queue: the bodies it builds are the API's (the envelope form, a
 * `Date` runAt as ISO 8601), judged by the same use cases, so a job lands exactly where `POST /jobs`
 * would put it. createProducer wires it to DynamoDB and SQS; the tests, to the memory adapters.
 */
export function producerOver<J extends JobRegistry>(deps: ProducerDeps): Producer<J> {
  return {
    async enqueue<K extends JobTypeOf<J>>(type: K, ...args: EnqueueArgs<J, K>): Promise<Enqueued<K>> {
      const [payload, options] = args as [unknown, EnqueueOptions | undefined];
      const body = submissionBody(type, payload, options);
      // POST /jobs refuses an oversized body before reading it; the producer has no gateway to do so.
      const bytes = Buffer.byteLength(JSON.stringify(body));
      if (bytes > MAX_SUBMISSION_BYTES) throw new PayloadTooLargeError(bytes, MAX_SUBMISSION_BYTES);
      const { job, duplicate } = await submitJob(deps, body);
      // What POST /jobs answers: 202's body for a new job, 200's (the key's first job, as it is now) for a duplicate.
      const runAt = job.runAt === undefined ? {} : { runAt: job.runAt };
      if (duplicate) return { id: job.id, status: job.status, ...runAt, duplicate: true };
      // A new job's status as stored: pending, scheduled, waiting for its dependencies, or ended by
      // its policy when one had failed already.
      return { id: job.id, status: job.status as NewJobStatus, ...runAt };
    },
    async enqueueBatch(jobs, options) {
      const outcome = await submitJobs(
        deps,
        jobs.map(({ type, payload, ...jobOptions }) => submissionBody(type, payload, jobOptions)),
        // The body POST /jobs/batch's schema reads `batch` into: the callback as its envelope form.
        options?.batch === undefined ? {} : { batch: batchBody(options.batch) as BatchOptions },
      );
      return outcome as BatchEnqueued<JobTypeOf<J>>;
    },
  };
}
