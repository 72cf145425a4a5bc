import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { createAwsClients } from '../../src/adapters/aws/clients.ts';
import { createDynamoJobStore } from '../../src/adapters/dynamodb/job-store.ts';
import { createS3FileStore } from '../../src/adapters/s3/file-store.ts';
import { changeMessageVisibility } from '../../src/adapters/sqs/change-message-visibility.ts';
import { deadLetterMessage } from '../../src/adapters/sqs/dead-letter-message.ts';
import { systemClock } from '../../src/core/ports.ts';
import { jobHandlers } from '../../src/jobs/handlers.ts';
import { jobSpecs } from '../../src/jobs/specs.ts';
import { loadWorkerConfig } from './config.ts';
import { processRecord, type RecordDeps } from './process-record.ts';

const config = loadWorkerConfig();
const aws = createAwsClients();
const logger = new Logger();
const processor = new BatchProcessor(EventType.SQS);

const deps: RecordDeps = {
  store: createDynamoJobStore({
    client: aws.dynamo,
    tableName: config.jobsTable,
    byStatusIndex: config.jobsByStatusIndex,
  }),
  specs: jobSpecs,
  handlers: jobHandlers,
  files: createS3FileStore(aws.s3, config.filesBucket),
  clock: systemClock,
  ...(config.workerId ? { workerId: config.workerId } : {}),
  setVisibility: (receiptHandle, seconds) =>
    changeMessageVisibility(aws.sqs, config.jobsQueueUrl, receiptHandle, seconds),
  deadLetter: (letter) => deadLetterMessage(aws.sqs, config.deadLetterQueueUrl, letter),
  log: (message, data) => logger.info(message, data),
};

const recordHandler = (record: SQSRecord, context?: Context) => processRecord(deps, record, context);

// A batch where every job failed is still an answer, not a function error: the failures are
// reported per record so each keeps its own backoff.
export const handler = middy((event: SQSEvent, context: Context) =>
  processPartialResponse(event, recordHandler, processor, { context, throwOnFullBatchFailure: false }),
);
