import { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import { createAwsClients } from '../../src/adapters/aws/clients.ts';
import { createDynamoJobStore } from '../../src/adapters/dynamodb/job-store.ts';
import { createSqsJobQueue } from '../../src/adapters/sqs/job-queue.ts';
import { systemClock } from '../../src/core/ports.ts';
import { DEFAULT_SWEEP, sweepJobs } from '../../src/core/use-cases/sweep-jobs.ts';
import { loadSweeperConfig } from './config.ts';

const config = loadSweeperConfig();
const aws = createAwsClients();
const logger = new Logger();
const store = createDynamoJobStore({
  client: aws.dynamo,
  tableName: config.jobsTable,
  byStatusIndex: config.jobsByStatusIndex,
});

const queue = createSqsJobQueue(aws.sqs, { queueUrl: config.jobsQueueUrl });

export const handler = middy(async () => {
  const result = await sweepJobs(
    {
      store,
      queue,
      clock: systemClock,
    },
    { ...DEFAULT_SWEEP, pendingAfterSeconds: config.pendingAfterSeconds },
  );
  if (result.requeuedPending + result.requeuedRunning > 0)
    logger.warn('sweeper re-queued lost jobs', { ...result });
  return result;
});
