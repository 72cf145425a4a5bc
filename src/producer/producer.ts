import { wireStart } from '../client/start.ts';
import type {
  BatchEnqueued,
  BatchJob,
  EnqueueArgs,
  Enqueued,
  EnqueueOptions,
  JobTypeOf,
} from '../client/types.ts';
import { PayloadTooLargeError } from '../core/errors.ts';
import type { JobQueue } from '../core/ports.ts';
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
   * sweeper queues it when its time nears, as for `POST /jobs`.
   *
   * @example
   * await producer.enqueue('email', { to: 'ada@example.com' }, { runAt: new Date('2026-12-01T09:30:00Z') });
   */
  enqueue<K extends JobTypeOf<J>>(type: K, ...args: EnqueueArgs<J, K>): Promise<Enqueued<K>>;
  /**
   * Submits up to 500 jobs, each judged on its own, as `POST /jobs/batch` does: one result per job,
   * in order. Records go 25 to a BatchWriteItem and messages 10 to a SendMessageBatch (one batch per
   * distinct delay); scheduled jobs send none.
   */
  enqueueBatch(jobs: readonly BatchJob<J>[]): Promise<BatchEnqueued<JobTypeOf<J>>>;
}

/** What the producer submits through: the submit use cases' ports, the queue with both sends. */
export interface ProducerDeps extends Omit<SubmitJobDeps, 'queue'> {
  readonly queue: Pick<JobQueue, 'send' | 'sendBatch'>;
}

/**
 * The producer over any store and queue: the bodies it builds are the API's (the envelope form, a
 * `Date` runAt as ISO 8601), judged by the same use cases, so a job lands exactly where `POST /jobs`
 * would put it. createProducer wires it to DynamoDB and SQS; the tests, to the memory adapters.
 */
export function producerOver<J extends JobRegistry>(deps: ProducerDeps): Producer<J> {
  return {
    async enqueue(type, ...args) {
      const [payload, options = {}] = args as [unknown, EnqueueOptions | undefined];
      const body = submission(type, payload, options);
      // POST /jobs refuses an oversized body before reading it; the producer has no gateway to do so.
      const bytes = Buffer.byteLength(JSON.stringify(body));
      if (bytes > MAX_SUBMISSION_BYTES) throw new PayloadTooLargeError(bytes, MAX_SUBMISSION_BYTES);
      const job = await submitJob(deps, body);
      const accepted = {
        id: job.id,
        status: job.status === 'scheduled' ? 'scheduled' : 'pending',
        ...(job.runAt === undefined ? {} : { runAt: job.runAt }),
      };
      return accepted as Enqueued<typeof type>;
    },
    async enqueueBatch(jobs) {
      const outcome = await submitJobs(
        deps,
        jobs.map(({ type, payload, maxAttempts, delaySeconds, runAt }) =>
          submission(type, payload, { maxAttempts, delaySeconds, runAt }),
        ),
      );
      return outcome as BatchEnqueued<JobTypeOf<J>>;
    },
  };
}

/**
 * The envelope form, as the client sends it: a payload field named like an option stays payload, and
 * only the options given are set (an object's other keys, from untyped code, are not passed on).
 */
function submission(
  type: string,
  payload: unknown,
  options: {
    readonly maxAttempts?: number | undefined;
    readonly delaySeconds?: number | undefined;
    readonly runAt?: Date | string | undefined;
  },
) {
  const { maxAttempts, delaySeconds, runAt } = options;
  return {
    type,
    payload: payload ?? {},
    ...(maxAttempts === undefined ? {} : { maxAttempts }),
    ...wireStart({ delaySeconds, runAt }),
  };
}
