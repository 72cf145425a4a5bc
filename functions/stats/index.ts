import { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import { createAwsClients } from '../../src/adapters/aws/clients.ts';
import { createDynamoJobStore } from '../../src/adapters/dynamodb/job-store.ts';
import { createDynamoSnapshotStore } from '../../src/adapters/dynamodb/snapshot-store.ts';
import { queueDepth } from '../../src/adapters/sqs/queue-depth.ts';
import { systemClock } from '../../src/core/ports.ts';
import { takeSnapshot } from '../../src/core/use-cases/take-snapshot.ts';
import { loadStatsConfig } from './config.ts';

const config = loadStatsConfig();
const aws = createAwsClients();
const logger = new Logger();

export const handler = middy(async () => {
  const snapshot = await takeSnapshot({
    store: createDynamoJobStore({
      client: aws.dynamo,
      tableName: config.jobsTable,
      byStatusIndex: config.jobsByStatusIndex,
    }),
    snapshots: createDynamoSnapshotStore({ client: aws.dynamo, tableName: config.statsTable }),
    queue: { depth: () => queueDepth(aws.sqs, config.jobsQueueUrl) },
    deadLetterQueue: { depth: () => queueDepth(aws.sqs, config.deadLetterQueueUrl) },
    workerLimit: config.workerConcurrency,
    clock: systemClock,
  });
  logger.info('stats snapshot taken', { snapshot });
  return snapshot;
});
