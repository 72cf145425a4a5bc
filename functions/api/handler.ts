import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { createAwsClients } from '../../src/adapters/aws/clients.ts';
import { createDynamoBatchStore } from '../../src/adapters/dynamodb/batch-store.ts';
import { createDynamoIdempotencyKeys } from '../../src/adapters/dynamodb/idempotency-keys.ts';
import { createDynamoJobStore } from '../../src/adapters/dynamodb/job-store.ts';
import { createDynamoScheduleStore } from '../../src/adapters/dynamodb/schedule-store.ts';
import { createDynamoSnapshotStore } from '../../src/adapters/dynamodb/snapshot-store.ts';
import { createSqsDeadLetterQueue } from '../../src/adapters/sqs/dead-letter-queue.ts';
import { createSqsJobQueue } from '../../src/adapters/sqs/job-queue.ts';
import { backlogTtl, cachedMonitor, priorityMonitors } from '../../src/core/backpressure.ts';
import { systemClock } from '../../src/core/ports.ts';
import { perPriority } from '../../src/core/priority.ts';
import type { SpecRegistry } from '../../src/core/registry.ts';
import type { ScheduleSpec } from '../../src/core/schedule/schedule.ts';
import { httpErrorMapper } from '../../src/http/error-mapper.ts';
import { createRouter } from '../../src/http/router.ts';
import { createObservability, flushMetrics } from '../shared/observability.ts';
import { loadApiConfig } from './config.ts';
import { apiRoutes } from './routes.ts';

/**
 * The API's Lambda handler for an app's job types (it validates submissions with their schemas): the
 * construct bundles an entry that calls this with the app's jobs module.
 */
export function createApiHandler(
  jobs: SpecRegistry,
  declaredSchedules: Readonly<Record<string, ScheduleSpec>> = {},
) {
  const config = loadApiConfig();
  const { metrics, events, tracing, instrument } = createObservability(config.stage);
  const aws = createAwsClients({ instrument });

  const stats = createDynamoSnapshotStore({ client: aws.dynamo, tableName: config.statsTable });
  const queue = createSqsJobQueue(aws.sqs, { queueUrls: config.queueUrls });
  const monitors = priorityMonitors(queue);
  const jobsTable = {
    client: aws.dynamo,
    tableName: config.jobsTable,
    byStatusIndex: config.jobsByStatusIndex,
  };
  const router = createRouter(
    apiRoutes({
      store: createDynamoJobStore(jobsTable),
      batches: createDynamoBatchStore(jobsTable),
      keys: createDynamoIdempotencyKeys(jobsTable),
      schedules: createDynamoScheduleStore(jobsTable),
      declaredSchedules,
      queue,
      deadLetters: createSqsDeadLetterQueue(aws.sqs, config.deadLetterQueueUrl),
      snapshots: stats,
      history: stats,
      backlog: perPriority((priority) =>
        cachedMonitor(monitors[priority], backlogTtl(config.maxBacklog), systemClock),
      ),
      maxBacklog: config.maxBacklog,
      maxAttemptsLimit: config.maxAttemptsLimit,
      scheduleHorizonSeconds: config.scheduleHorizonSeconds,
      workerLimit: config.workerConcurrency,
      ...(config.retentionSeconds === undefined ? {} : { retentionSeconds: config.retentionSeconds }),
      clock: systemClock,
      events,
      jobs,
    }),
  );

  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(tracing.middleware)
    .use(flushMetrics(metrics))
    .use(httpErrorMapper())
    .handler(router);
}
