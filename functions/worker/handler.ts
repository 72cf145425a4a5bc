import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { createAwsClients, createEventBridgeClient } from '../../src/adapters/aws/clients.ts';
import { createDynamoHoldTally } from '../../src/adapters/dynamodb/hold-tally.ts';
import { createDynamoJobLimits } from '../../src/adapters/dynamodb/job-limits.ts';
import { createDynamoJobStore } from '../../src/adapters/dynamodb/job-store.ts';
import { createJobEventBus } from '../../src/adapters/eventbridge/job-event-bus.ts';
import { createS3FileStore } from '../../src/adapters/s3/file-store.ts';
import { createSqsJobQueue } from '../../src/adapters/sqs/job-queue.ts';
import { busEventNames, type JobEvents } from '../../src/core/events.ts';
import { systemClock } from '../../src/core/ports.ts';
import type { JobRegistry } from '../../src/core/registry.ts';
import { createObservability, flushMetrics } from '../shared/observability.ts';
import { loadWorkerConfig } from './config.ts';
import { holdBatch } from './hold-batch.ts';
import { processRecord, type RecordDeps } from './process-record.ts';
import { recordPriorities } from './record-priority.ts';

/**
 * The worker's Lambda handler for an app's job types: the construct bundles an entry that calls this
 * with the app's jobs module. Clients are made once per execution environment, at the call.
 */
export function createWorkerHandler(jobs: JobRegistry) {
  const config = loadWorkerConfig();
  const { logger, metrics, events, tracing, instrument } = createObservability(config.stage);
  const aws = createAwsClients({ instrument });
  const bus = createJobEventBus({
    client: createEventBridgeClient({ instrument }),
    busName: config.eventBusName,
    names: busEventNames({ publishCompletions: config.publishCompletions }),
    stage: config.stage,
  });
  /** Every transition is logged and counted; failures (and completions, if asked) also go on the bus. */
  const reported: JobEvents = {
    emit(event) {
      events.emit(event);
      bus.events.emit(event);
    },
  };
  const processor = new BatchProcessor(EventType.SQS);
  const queue = createSqsJobQueue(aws.sqs, {
    queueUrls: config.queueUrls,
    deadLetterQueueUrl: config.deadLetterQueueUrl,
  });

  const priorityOf = recordPriorities(config.queueUrls);
  const jobsTable = {
    client: aws.dynamo,
    tableName: config.jobsTable,
    byStatusIndex: config.jobsByStatusIndex,
  };
  const deps: RecordDeps = {
    store: createDynamoJobStore(jobsTable),
    limits: createDynamoJobLimits(jobsTable),
    holds: createDynamoHoldTally({ client: aws.dynamo, tableName: config.statsTable }),
    jobs,
    files: createS3FileStore(aws.s3, config.filesBucket),
    clock: systemClock,
    ...(config.workerId ? { workerId: config.workerId } : {}),
    queue,
    log: (message, data) => logger.info(message, data),
    priorityOf,
    ...(config.retentionSeconds === undefined ? {} : { retentionSeconds: config.retentionSeconds }),
    events: reported,
  };

  const recordHandler = (record: SQSRecord, context?: Context) => processRecord(deps, record, context);

  // A batch where every job failed is still an answer, not a function error: the failures are
  // reported per record so each keeps its own backoff.
  return middy(async (event: SQSEvent, context: Context) => {
    // Before any record runs, so a retry's backoff set later is never overridden. Only an
    // optimisation of how soon a crashed batch comes back: a failure here never fails the batch.
    await holdBatch(
      event.Records,
      context.getRemainingTimeInMillis(),
      (changes) => queue.setVisibilityBatch(changes),
      priorityOf,
    ).then(
      ({ failed }) => {
        if (failed > 0) logger.warn('some messages of the batch could not be held', { failed });
      },
      (error: unknown) => logger.warn('could not hold the batch until its deadline', { error }),
    );
    const response = await processPartialResponse(event, recordHandler, processor, {
      context,
      throwOnFullBatchFailure: false,
    });
    // One PutEvents per ten events, once per batch. A lost alert is logged, never a reason to rerun jobs.
    const { failed } = await bus.flush();
    if (failed > 0) logger.error('job events not put on the event bus', { failed, bus: config.eventBusName });
    return response;
  })
    .use(tracing.middleware)
    .use(flushMetrics(metrics));
}
