import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startFauxqs } from 'fauxqs';
import { type AwsClients, createAwsClients } from '../../src/adapters/aws/clients.ts';

const require = createRequire(import.meta.url);

export interface Emulators {
  readonly endpoints: { dynamodb: string; sqs: string; s3: string };
  readonly clients: AwsClients;
  stop(): Promise<void>;
}

interface DynaliteServer {
  listen(port: number, host: string, cb: () => void): void;
  address(): AddressInfo;
  close(cb: () => void): void;
}

/** dynalite and fauxqs in this process, in memory, on random ports: for adapter integration tests. */
export async function startEmulators(): Promise<Emulators> {
  process.env.AWS_ACCESS_KEY_ID ??= 'test';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
  const dynalite = require('dynalite') as (options: object) => DynaliteServer;
  const dynamo = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => dynamo.listen(0, '127.0.0.1', resolve));
  const fauxqs = await startFauxqs({ port: 0, logger: false });
  const endpoints = {
    dynamodb: `http://127.0.0.1:${dynamo.address().port}`,
    sqs: fauxqs.address,
    s3: fauxqs.address,
  };
  return {
    endpoints,
    clients: createAwsClients({ region: 'us-east-1', endpoints }),
    async stop() {
      await fauxqs.stop();
      await new Promise<void>((resolve) => dynamo.close(() => resolve()));
    },
  };
}

/** The jobs table as src/cdk/constructs/jobs-table.ts declares it (keys, the byStatus and scheduled indexes). */
export async function createJobsTable(endpoint: string, tableName: string): Promise<void> {
  const client = new DynamoDBClient({ region: 'us-east-1', endpoint });
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [
        { AttributeName: 'id', AttributeType: 'S' },
        { AttributeName: 'status', AttributeType: 'S' },
        { AttributeName: 'updatedAt', AttributeType: 'S' },
        { AttributeName: 'scheduledKey', AttributeType: 'S' },
        { AttributeName: 'runAt', AttributeType: 'S' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'scheduledByRunAt',
          KeySchema: [
            { AttributeName: 'scheduledKey', KeyType: 'HASH' },
            { AttributeName: 'runAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['type'] },
        },
        {
          IndexName: 'byStatus',
          KeySchema: [
            { AttributeName: 'status', KeyType: 'HASH' },
            { AttributeName: 'updatedAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    }),
  );
  client.destroy();
}

export async function createQueue(
  endpoint: string,
  name: string,
  attributes: Record<string, string> = {},
): Promise<{ url: string; arn: string }> {
  const client = new SQSClient({ region: 'us-east-1', endpoint });
  const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  const { Attributes } = await client.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  client.destroy();
  return { url: QueueUrl!, arn: Attributes!.QueueArn! };
}

/** The stats table as src/cdk/constructs/jobs-table.ts declares it (pk, sk). */
export async function createStatsTable(endpoint: string, tableName: string): Promise<void> {
  const client = new DynamoDBClient({ region: 'us-east-1', endpoint });
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
    }),
  );
  client.destroy();
}
