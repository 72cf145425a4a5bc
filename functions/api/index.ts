import middy from '@middy/core';
import { createAwsClients } from '../../src/adapters/aws/clients.ts';
import { createDynamoJobStore } from '../../src/adapters/dynamodb/job-store.ts';
import { createDynamoSnapshotStore } from '../../src/adapters/dynamodb/snapshot-store.ts';
import { sendJobMessage } from '../../src/adapters/sqs/send-job-message.ts';
import { httpErrorMapper } from '../../src/http/error-mapper.ts';
import { createRouter } from '../../src/http/router.ts';
import { loadApiConfig } from './config.ts';
import { apiRoutes } from './routes.ts';

const config = loadApiConfig();
const aws = createAwsClients();

const routes = apiRoutes({
  store: createDynamoJobStore({
    client: aws.dynamo,
    tableName: config.jobsTable,
    byStatusIndex: config.jobsByStatusIndex,
  }),
  queue: { send: (message) => sendJobMessage(aws.sqs, config.jobsQueueUrl, message) },
  snapshots: createDynamoSnapshotStore({ client: aws.dynamo, tableName: config.statsTable }),
  workerLimit: config.workerConcurrency,
});

export const handler = middy().use(httpErrorMapper()).handler(createRouter(routes));
