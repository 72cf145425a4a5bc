import { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import { createAwsClients } from '../../src/adapters/aws/clients.ts';
import { createDynamoHoldTally } from '../../src/adapters/dynamodb/hold-tally.ts';
import { createDynamoJobStore } from '../../src/adapters/dynamodb/job-store.ts';
import { createDynamoSnapshotStore } from '../../src/adapters/dynamodb/snapshot-store.ts';
import { createSqsJobQueue } from '../../src/adapters/sqs/job-queue.ts';
import { createSqsQueueMonitor } from '../../src/adapters/sqs/queue-depth.ts';
import { priorityMonitors } from '../../src/core/backpressure.ts';
import { SnapshotConflictError } from '../../src/core/errors.ts';
import { systemClock } from '../../src/core/ports.ts';
import { DEFAULT_COST_MODEL } from '../../src/core/stats/job-cost.ts';
import { type TakeSnapshotDeps, takeSnapshot } from '../../src/core/use-cases/take-snapshot.ts';
import { loadStatsConfig } from './config.ts';

const config = loadStatsConfig();
const aws = createAwsClients();
const logger = new Logger();
const stats = createDynamoSnapshotStore({ client: aws.dynamo, tableName: config.statsTable });

const deps: TakeSnapshotDeps = {
  store: createDynamoJobStore({
    client: aws.dynamo,
    tableName: config.jobsTable,
    byStatusIndex: config.jobsByStatusIndex,
  }),
  snapshots: stats,
  history: stats,
  queues: priorityMonitors(createSqsJobQueue(aws.sqs, { queueUrls: config.queueUrls })),
  deadLetterQueue: createSqsQueueMonitor(aws.sqs, config.deadLetterQueueUrl),
  holds: createDynamoHoldTally({ client: aws.dynamo, tableName: config.statsTable }),
  workerLimit: config.workerConcurrency,
  clock: systemClock,
  cost: { ...DEFAULT_COST_MODEL, workerMemoryMb: config.workerMemoryMb },
};

export const handler = middy(async () => {
  try {
    const snapshot = await takeSnapshot(deps);
    logger.info('stats snapshot taken', {
      coveredUntil: snapshot.coveredUntil,
      counts: snapshot.counts,
      lastMinute: snapshot.lastMinute,
      workers: { limit: snapshot.workers.limit, alive: snapshot.workers.alive, busy: snapshot.workers.busy },
    });
    return { takenAt: snapshot.takenAt, coveredUntil: snapshot.coveredUntil, counts: snapshot.counts };
  } catch (error) {
    // Two overlapping runs (a late schedule tick): the other one's totals already hold this window.
    if (!(error instanceof SnapshotConflictError)) throw error;
    logger.warn('stats run skipped: another run stored its snapshot first');
    return { skipped: true };
  }
});
