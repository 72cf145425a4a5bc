import type { JobRegistry } from '../core/registry.ts';
import type { StatsView, StatusView } from '../core/stats.ts';
import type { RedriveResult } from '../core/use-cases/redrive-dead-letters.ts';
import { createBatches, type SqsJobsBatches } from './batches.ts';
import { jobPath } from './job-path.ts';
import { listJobs } from './list-jobs.ts';
import { type ClientOptions, resolveOptions } from './options.ts';
import { createSchedules, type SqsJobsSchedules } from './schedules.ts';
import { wireStart } from './start.ts';
import { batchBody, submissionBody } from './submission-body.ts';
import { createTransport } from './transport.ts';
import type {
  BatchEnqueued,
  BatchJob,
  Canceled,
  EnqueueArgs,
  EnqueueBatchOptions,
  Enqueued,
  EnqueueOptions,
  FinishedJob,
  Job,
  JobId,
  JobStatusView,
  JobSummary,
  JobTypeOf,
  ListOptions,
  RedriveFilter,
  Rescheduled,
  RescheduleOptions,
  Retried,
  RetryOptions,
  StatsOptions,
  WaitOptions,
} from './types.ts';
import { waitForJob } from './wait-for.ts';

/**
 * The API of one sqs-jobs stack, typed by its job registry. Every method sends one request (list and
 * waitFor: as many as needed); a call that fails rejects with a `SqsJobsApiError`.
 */
export interface SqsJobsClient<J extends JobRegistry> {
  /**
   * Submits a job (`POST /jobs`). Resolves once the job is stored and its message is on the queue,
   * or, for a start more than 15 minutes ahead (`delaySeconds`, `runAt`), stored `scheduled`. An
   * unknown type, a missing field or a field of the wrong type does not compile.
   *
   * @example
   * const { id } = await client.enqueue('email', { to: 'ada@example.com' }, { maxAttempts: 5 });
   * @example On the high-priority queue, which has its own workers: it never waits behind a default backlog
   * await client.enqueue('email', { to: 'ada@example.com' }, { priority: 'high' });
   * @example A later start: in ten minutes, or at a time (a Date or ISO 8601 with Z or an offset)
   * await client.enqueue('email', { to: 'ada@example.com' }, { delaySeconds: 600 });
   * await client.enqueue('email', { to: 'ada@example.com' }, { runAt: new Date('2026-12-01T09:30:00Z') });
   * @example An idempotency key: sent again, it answers the first job (`duplicate: true`) and creates none
   * const sent = await client.enqueue('email', { to: 'ada@example.com' }, { idempotencyKey: 'order-42-receipt' });
   * if (sent.duplicate) console.log(`already submitted as ${sent.id}: ${sent.status}`);
   */
  enqueue<K extends JobTypeOf<J>>(type: K, ...args: EnqueueArgs<J, K>): Promise<Enqueued<K>>;
  /**
   * Submits up to 500 jobs in one request (`POST /jobs/batch`), each judged on its own: resolves
   * with one result per job, in order, accepted with its id or refused with its error. Fewer AWS
   * requests per job than `enqueue` (records 25 and messages 10 to a request). A job may carry an
   * `idempotencyKey` as in `enqueue`: a key already held (also by an earlier job of the batch) is
   * accepted with the key's first job and `duplicate: true`, a key reused with another request is
   * refused for that job alone (`IdempotencyKeyReused`).
   *
   * With `options.batch` (even `{}`), the accepted jobs form one batch, answered with its `batchId`
   * and followed with `client.batches`; `batch.onComplete` is a job run once after every job of the
   * batch is final, whatever each did. A batch is stored whole or not at all: when a job of it cannot
   * be stored or queued, the request rejects coded `EnqueueFailed` (503) and nothing of it runs. An
   * invalid `onComplete` (from untyped code) rejects the whole request (400 `ValidationError` naming
   * `batch.onComplete`, or `UnknownJobType`).
   *
   * @example
   * const { results } = await client.enqueueBatch([
   *   { type: 'email', payload: { to: 'ada@example.com' } },
   *   { type: 'noop', maxAttempts: 1, runAt: '2026-12-01T09:30:00Z' },
   *   { type: 'noop', priority: 'low' },
   * ]);
   * @example A batch with a callback: it runs once all three have ended, `ctx.batch` saying how
   * const { batchId } = await client.enqueueBatch(
   *   [
   *     { type: 'resize', payload: { file: 'a.png' } },
   *     { type: 'resize', payload: { file: 'b.png' } },
   *     { type: 'resize', payload: { file: 'c.png' } },
   *   ],
   *   { batch: { onComplete: { type: 'email', payload: { to: 'ops@example.com' } } } },
   * );
   */
  enqueueBatch(
    jobs: readonly BatchJob<J>[],
    options?: EnqueueBatchOptions<J>,
  ): Promise<BatchEnqueued<JobTypeOf<J>>>;
  /** The whole job (`GET /jobs/{id}`): payload, status, attempts, history, result or error. */
  get<K extends JobTypeOf<J>>(id: JobId<K>): Promise<Job<J, K>>;
  /** The job's status view (`GET /jobs/{id}/status`), lighter than `get` for polling. */
  jobStatus<K extends JobTypeOf<J>>(id: JobId<K>): Promise<JobStatusView<J, K>>;
  /**
   * Jobs, newest change first, without payloads (`GET /jobs`), fetched page by page as you iterate.
   *
   * @example
   * for await (const job of client.list({ status: 'failed', type: 'email', limit: 50 })) console.log(job.id);
   */
  list<K extends JobTypeOf<J> = JobTypeOf<J>>(options?: ListOptions<K>): AsyncIterable<JobSummary<J, K>>;
  /** Cancels a job (`POST /jobs/{id}/cancel`): a pending one at once, a running one at its next heartbeat. */
  cancel<K extends JobTypeOf<J>>(id: JobId<K>): Promise<Canceled<K>>;
  /** Runs a failed or canceled job again from attempt 1 (`POST /jobs/{id}/retry`), optionally with a new payload. */
  retry<K extends JobTypeOf<J>>(id: JobId<K>, options?: RetryOptions<J, K>): Promise<Retried<K>>;
  /**
   * Moves a `scheduled` job's start (`POST /jobs/{id}/reschedule`): to `runAt`, or `delaySeconds` from
   * now. A new start within 15 minutes queues it at once (`pending`). Rejects with a `SqsJobsApiError`
   * coded `JobNotScheduled` (409) when the job is not scheduled (a queued job's message is already on
   * its way: cancel it and submit it again), `JobNotFound` (404) when there is no such job.
   *
   * @example
   * await client.reschedule(id, { runAt: new Date(Date.now() + 86_400_000) });
   */
  reschedule<K extends JobTypeOf<J>>(id: JobId<K>, start: RescheduleOptions): Promise<Rescheduled<K>>;
  /**
   * Moves dead letters back to the queue (`POST /dlq/redrive`): all, one type's or the given ids'.
   * When the answer says `more`, the call ran out of time: call it again.
   */
  redrive(filter?: RedriveFilter<J>): Promise<RedriveResult>;
  /**
   * Counts by status, workers, throughput and the last failure, live (`GET /status`); the queue's
   * depth (`queue`, every priority added up) and each priority's (`queues`) as of the last stats
   * snapshot, null before the first.
   */
  status(): Promise<StatusView>;
  /** The last stats snapshot and one-minute history points (`GET /stats`). */
  stats(options?: StatsOptions): Promise<StatsView>;
  /**
   * The recurring schedules (`/schedules`): `list()`, `get(name)`, `put(name, spec)` and
   * `delete(name)`, a group of their own as they name schedules, not jobs.
   *
   * @example
   * await client.schedules.put('nightly-report', { schedule: 'cron(0 2 * * ? *)', type: 'report' });
   * for (const schedule of await client.schedules.list()) console.log(schedule.name, schedule.nextRunAt);
   */
  readonly schedules: SqsJobsSchedules<J>;
  /**
   * The batches (`/batches`): `list()`, `get(id)` and `cancel(id)`, for jobs submitted with
   * `enqueueBatch(jobs, { batch })` and watched as one.
   *
   * @example
   * const { batchId } = await client.enqueueBatch([{ type: 'noop' }, { type: 'noop' }], { batch: {} });
   * if (batchId) console.log((await client.batches.get(batchId)).finished);
   * for (const batch of await client.batches.list()) console.log(batch.id, batch.total);
   */
  readonly batches: SqsJobsBatches;
  /**
   * Waits until the job is completed, failed or canceled, and resolves with it; once narrowed to
   * `status === 'completed'`, `result` is what the job type's handler returns. Rejects with a
   * `WaitTimeoutError` after `timeoutMs`. `onProgress` hears each new progress report of the job
   * (its handler's `ctx.progress`) while it waits.
   *
   * @example
   * const job = await client.waitFor(id, { timeoutMs: 30_000 });
   * if (job.status === 'completed') console.log(job.result.messageId);
   * @example Progress as the handler reports it, once per report
   * await client.waitFor(id, { onProgress: ({ percent, message }) => console.log(percent, message) });
   */
  waitFor<K extends JobTypeOf<J>>(id: JobId<K>, options?: WaitOptions<J, K>): Promise<FinishedJob<J, K>>;
}

/**
 * A typed client for an sqs-jobs API. Give it your registry's type only (`import type`), so the
 * schemas and handlers stay out of the bundle of whatever calls the API.
 *
 * @example
 * import type { jobs } from './jobs';
 * const client = createClient<typeof jobs>({ url: process.env.API_URL, apiKey: process.env.API_KEY });
 * const { id } = await client.enqueue('email', { to: 'ada@example.com' });
 * const job = await client.waitFor(id);
 *
 * @example IAM (`-c auth=iam`): sign with a role's credentials
 * import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
 * const client = createClient<typeof jobs>({ url, credentials: fromNodeProviderChain() });
 *
 * @throws InvalidArgumentError when the options cannot work (a bad URL; credentials and no region).
 */
export function createClient<J extends JobRegistry>(options: ClientOptions): SqsJobsClient<J> {
  const transport = createTransport(resolveOptions(options));
  return {
    // async, as the methods below: a bad argument rejects the promise rather than throwing.
    enqueue: async (type, ...args) => {
      const [payload, enqueueOptions] = args as [unknown, EnqueueOptions | undefined];
      // The envelope form: a payload field named like an envelope field (type, maxAttempts, runAt…) stays
      // payload. The idempotency key goes as the body's field, never the header: one name. A new job
      // is answered 202, a duplicate of a key 200: both are 2xx, so both resolve.
      const body = submissionBody(type, payload, enqueueOptions);
      return transport({ method: 'POST', path: '/jobs', body });
    },
    enqueueBatch: async (jobs, batchOptions) =>
      transport({
        method: 'POST',
        path: '/jobs/batch',
        // The envelope form for each, as enqueue sends it; `batch` only when asked for.
        body: {
          jobs: jobs.map(({ type, payload, ...options }) => submissionBody(type, payload, options)),
          ...(batchOptions?.batch === undefined ? {} : { batch: batchBody(batchOptions.batch) }),
        },
      }),
    // async: a bad argument rejects the promise like any other failure, rather than throwing.
    get: async (id) => transport({ method: 'GET', path: jobPath(id) }),
    jobStatus: async (id) => transport({ method: 'GET', path: `${jobPath(id)}/status` }),
    list: (listOptions) => listJobs(transport, listOptions),
    cancel: async (id) => transport({ method: 'POST', path: `${jobPath(id)}/cancel` }),
    retry: async (id, retryOptions) =>
      transport({
        method: 'POST',
        path: `${jobPath(id)}/retry`,
        ...(retryOptions?.payload === undefined ? {} : { body: { payload: retryOptions.payload } }),
      }),
    reschedule: async (id, start) =>
      transport({ method: 'POST', path: `${jobPath(id)}/reschedule`, body: wireStart(start) }),
    redrive: (filter = {}) => transport({ method: 'POST', path: '/dlq/redrive', body: filter }),
    status: () => transport({ method: 'GET', path: '/status' }),
    stats: (statsOptions = {}) =>
      transport({ method: 'GET', path: '/stats', query: { hours: statsOptions.hours } }),
    waitFor: (id, waitOptions) => waitForJob(transport, id, waitOptions),
    schedules: createSchedules<J>(transport),
    batches: createBatches(transport),
  };
}
