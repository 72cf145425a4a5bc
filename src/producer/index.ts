/**
 * The direct producer (`sqs-jobs/producer`): submits jobs from code already inside AWS straight to
 * the jobs table and queue, with the same validation, the same placement (queued, delayed or
 * `scheduled`) and the same record-then-message guarantee as `POST /jobs`, and no API Gateway
 * request. Give its role `SqsJobs.grantEnqueue(role)`.
 */
import { randomUUID } from 'node:crypto';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createAwsClients } from '../adapters/aws/clients.ts';
import { createDynamoBatchStore } from '../adapters/dynamodb/batch-store.ts';
import { createDynamoIdempotencyKeys } from '../adapters/dynamodb/idempotency-keys.ts';
import { createDynamoJobStore } from '../adapters/dynamodb/job-store.ts';
import { createSqsJobQueue } from '../adapters/sqs/job-queue.ts';
import { systemClock } from '../core/ports.ts';
import type { JobRegistry } from '../core/registry.ts';
import { MAX_QUEUE_DELAY_SECONDS } from '../core/timing.ts';
import { type Producer, producerOver } from './producer.ts';

export type { Producer } from './producer.ts';

/** The table's status index, as the SqsJobs construct names it. */
const BY_STATUS_INDEX = 'byStatus';
export interface ProducerOptions<J extends JobRegistry> {
  /** The app's job types (the same module the construct bundles): payloads are validated with them. */
  readonly jobs: J;
  /** The jobs table's name (`sqsJobs.jobs.table.tableName`, e.g. passed in an environment variable). */
  readonly tableName: string;
  /**
   * The jobs queue of each priority (`sqsJobs.queue.queueUrls`: `high`, `default`, `low`), e.g.
   * passed in environment variables. A job goes on its priority's queue.
   */
  readonly queueUrls: { readonly high: string; readonly default: string; readonly low: string };
  /** The most attempts a submission may ask for; default 25, the construct's default cap. */
  readonly maxAttemptsLimit?: number;
  /**
   * Jobs due later than this many seconds are stored `scheduled` (the stack's sweeper queues them when
   * their time nears); sooner ones are queued at once with SQS's delay. 1–900, default 900 (SQS's
   * longest delay); give the stack's `scheduleHorizonSeconds` if it set a shorter one.
   */
  readonly scheduleHorizonSeconds?: number;
  /** SDK clients to use (default: new ones, configured by the environment as every AWS SDK is). */
  readonly clients?: { readonly dynamo: DynamoDBDocumentClient; readonly sqs: SQSClient };
  readonly region?: string;
}

/**
 * @throws RangeError when `scheduleHorizonSeconds` is not a whole number 1–900: a longer delay than
 * SQS takes would make every such send fail, a horizon of 0 would store every delayed job scheduled.
 */
export function createProducer<J extends JobRegistry>(options: ProducerOptions<J>): Producer<J> {
  const horizon = options.scheduleHorizonSeconds ?? MAX_QUEUE_DELAY_SECONDS;
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > MAX_QUEUE_DELAY_SECONDS)
    throw new RangeError(
      `scheduleHorizonSeconds must be a whole number 1–${MAX_QUEUE_DELAY_SECONDS} (SQS delays messages at most ${MAX_QUEUE_DELAY_SECONDS} s); got ${options.scheduleHorizonSeconds}.`,
    );
  const clients = options.clients ?? createAwsClients(options.region ? { region: options.region } : {});
  const table = { client: clients.dynamo, tableName: options.tableName, byStatusIndex: BY_STATUS_INDEX };
  return producerOver<J>({
    store: createDynamoJobStore(table),
    keys: createDynamoIdempotencyKeys(table),
    batches: createDynamoBatchStore(table),
    queue: createSqsJobQueue(clients.sqs, { queueUrls: options.queueUrls }),
    specs: options.jobs,
    clock: systemClock,
    newId: randomUUID,
    maxAttemptsLimit: options.maxAttemptsLimit ?? 25,
    scheduleHorizonSeconds: horizon,
  });
}

export { EnqueueError, PayloadTooLargeError, ValidationError } from '../core/errors.ts';
export { IdempotencyKeyBusyError, IdempotencyKeyReusedError } from '../core/idempotency.ts';
