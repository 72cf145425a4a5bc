/**
 * The direct producer (`sqs-jobs/producer`): submits jobs from code already inside AWS straight to
 * the jobs table and queue, with the same validation and the same record-then-message guarantee as
 * `POST /jobs`, and no API Gateway request. Give its role `SqsJobs.grantEnqueue(role)`.
 */
import { randomUUID } from 'node:crypto';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createAwsClients } from '../adapters/aws/clients.ts';
import { createDynamoJobStore } from '../adapters/dynamodb/job-store.ts';
import { createSqsJobQueue } from '../adapters/sqs/job-queue.ts';
import type { BatchEnqueued, BatchJob, EnqueueArgs, Enqueued, JobTypeOf } from '../client/types.ts';
import { PayloadTooLargeError } from '../core/errors.ts';
import { systemClock } from '../core/ports.ts';
import type { JobRegistry } from '../core/registry.ts';
import { MAX_SUBMISSION_BYTES } from '../core/submission.ts';
import { submitJob } from '../core/use-cases/submit-job.ts';
import { submitJobs } from '../core/use-cases/submit-jobs.ts';

/** The table's status index, as the SqsJobs construct names it. */
const BY_STATUS_INDEX = 'byStatus';
export interface ProducerOptions<J extends JobRegistry> {
  /** The app's job types (the same module the construct bundles): payloads are validated with them. */
  readonly jobs: J;
  /** The jobs table's name (`sqsJobs.jobs.table.tableName`, e.g. passed in an environment variable). */
  readonly tableName: string;
  /** The jobs queue's URL (`sqsJobs.queue.queue.queueUrl`). */
  readonly queueUrl: string;
  /** The most attempts a submission may ask for; default 25, the construct's default cap. */
  readonly maxAttemptsLimit?: number;
  /** SDK clients to use (default: new ones, configured by the environment as every AWS SDK is). */
  readonly clients?: { readonly dynamo: DynamoDBDocumentClient; readonly sqs: SQSClient };
  readonly region?: string;
}

export interface Producer<J extends JobRegistry> {
  /**
   * Validates the payload with the type's schema (a `ValidationError` naming the field otherwise),
   * writes the job record, then sends its message; if the send fails the record is removed and an
   * `EnqueueError` is thrown, so a job that resolves here is stored and queued.
   */
  enqueue<K extends JobTypeOf<J>>(type: K, ...args: EnqueueArgs<J, K>): Promise<Enqueued<K>>;
  /**
   * Submits up to 500 jobs, each judged on its own, as `POST /jobs/batch` does: one result per job,
   * in order. Records go 25 to a BatchWriteItem and messages 10 to a SendMessageBatch.
   */
  enqueueBatch(jobs: readonly BatchJob<J>[]): Promise<BatchEnqueued<JobTypeOf<J>>>;
}

export function createProducer<J extends JobRegistry>(options: ProducerOptions<J>): Producer<J> {
  const clients = options.clients ?? createAwsClients(options.region ? { region: options.region } : {});
  const store = createDynamoJobStore({
    client: clients.dynamo,
    tableName: options.tableName,
    byStatusIndex: BY_STATUS_INDEX,
  });
  const deps = {
    store,
    queue: createSqsJobQueue(clients.sqs, { queueUrl: options.queueUrl }),
    specs: options.jobs,
    clock: systemClock,
    newId: randomUUID,
    maxAttemptsLimit: options.maxAttemptsLimit ?? 25,
  };
  return {
    async enqueue(type, ...args) {
      const [payload, enqueueOptions] = args;
      const body = { type, payload: payload ?? {}, ...enqueueOptions };
      const bytes = Buffer.byteLength(JSON.stringify(body));
      if (bytes > MAX_SUBMISSION_BYTES) throw new PayloadTooLargeError(bytes, MAX_SUBMISSION_BYTES);
      const job = await submitJob(deps, body);
      return { id: job.id, status: 'pending' } as Enqueued<typeof type>;
    },
    async enqueueBatch(jobs) {
      const outcome = await submitJobs(
        deps,
        jobs.map(({ type, payload, maxAttempts }) => ({
          type,
          payload: payload ?? {},
          ...(maxAttempts === undefined ? {} : { maxAttempts }),
        })),
      );
      return outcome as BatchEnqueued<JobTypeOf<typeof options.jobs>>;
    },
  };
}

export { EnqueueError, PayloadTooLargeError, ValidationError } from '../core/errors.ts';
