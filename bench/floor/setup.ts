import { setTimeout as sleep } from 'node:timers/promises';
import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
} from '@aws-sdk/client-dynamodb';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  type QueueAttributeName,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { LOCAL_CREDENTIALS } from '../../local/aws-clients.ts';
import type { LocalRuntime } from '../../local/runtime.ts';
import type { RawItem } from './plan.ts';

/** The jobs table, the jobs queue and a job item as the measured run had them: what the floor rebuilds. */
export interface FloorSetup {
  readonly table: {
    readonly keySchema: KeySchemaElement[];
    readonly attributeDefinitions: AttributeDefinition[];
    readonly globalSecondaryIndexes: GlobalSecondaryIndex[];
  };
  /** The jobs queue's attributes that shape its behaviour (visibility, long polls, retention). */
  readonly queueAttributes: Readonly<Record<string, string>>;
  /** A completed job of the run, as stored. */
  readonly sampleItem: RawItem;
  /** The worker's event source on that queue: messages per batch, pollers. */
  readonly batchSize: number;
  readonly pollers: number;
}

const QUEUE_ATTRIBUTES = [
  'VisibilityTimeout',
  'ReceiveMessageWaitTimeSeconds',
  'MessageRetentionPeriod',
  'DelaySeconds',
] as const satisfies readonly QueueAttributeName[];

/** Reads the setup from the running stack, with plain uncounted clients (the run is over). */
export async function captureSetup(runtime: LocalRuntime, sampleJobId: string): Promise<FloorSetup> {
  const table = runtime.resources.tables.find((t) => /JobsTable[0-9A-F]{8}$/.test(t.logicalId));
  const queue = runtime.resources.queues.find(
    (q) => q.role === 'queue' && !/(High|Low)PriorityQueue/.test(q.logicalId),
  );
  if (!table || !queue) throw new Error('the template has no jobs table or jobs queue');
  const base = { region: runtime.region, credentials: LOCAL_CREDENTIALS };
  const dynamo = new DynamoDBClient({ ...base, endpoint: runtime.endpoints.dynamodb });
  const sqs = new SQSClient({ ...base, endpoint: runtime.endpoints.sqs });
  try {
    const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: table.name }));
    const { Item } = await dynamo.send(
      new GetItemCommand({ TableName: table.name, Key: { id: { S: sampleJobId } } }),
    );
    const { Attributes = {} } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queue.url, AttributeNames: ['All'] }),
    );
    if (!Table?.KeySchema || !Table.AttributeDefinitions || !Item)
      throw new Error(`could not read the jobs table or job ${sampleJobId}`);
    const source = runtime.eventSources.find((s) => s.queueLogicalId === queue.logicalId);
    return {
      table: {
        keySchema: Table.KeySchema,
        attributeDefinitions: Table.AttributeDefinitions,
        globalSecondaryIndexes: (Table.GlobalSecondaryIndexes ?? []).map((index) => ({
          IndexName: index.IndexName,
          KeySchema: index.KeySchema,
          Projection: index.Projection,
        })),
      },
      queueAttributes: Object.fromEntries(
        QUEUE_ATTRIBUTES.flatMap((name) => {
          const value = Attributes[name];
          return value === undefined ? [] : [[name, value]];
        }),
      ),
      sampleItem: Item as RawItem,
      batchSize: source?.batchSize ?? 10,
      pollers: source?.pollers ?? 1,
    };
  } finally {
    dynamo.destroy();
    sqs.destroy();
  }
}

/** The index a status query goes to: the one keyed on `status`. */
export function statusIndexOf(setup: FloorSetup): string | undefined {
  return setup.table.globalSecondaryIndexes.find((index) => index.KeySchema?.[0]?.AttributeName === 'status')
    ?.IndexName;
}

/** A table and a queue like the measured run's, on fresh emulators; resolves with the queue's URL. */
export async function createFloorResources(
  setup: FloorSetup,
  endpoints: { readonly dynamodb: string; readonly sqs: string },
  names: { readonly table: string; readonly queue: string },
): Promise<string> {
  const base = { region: 'us-east-1', credentials: LOCAL_CREDENTIALS };
  const dynamo = new DynamoDBClient({ ...base, endpoint: endpoints.dynamodb });
  const sqs = new SQSClient({ ...base, endpoint: endpoints.sqs });
  try {
    await dynamo.send(
      new CreateTableCommand({
        TableName: names.table,
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: setup.table.keySchema,
        AttributeDefinitions: setup.table.attributeDefinitions,
        ...(setup.table.globalSecondaryIndexes.length > 0
          ? { GlobalSecondaryIndexes: setup.table.globalSecondaryIndexes }
          : {}),
      }),
    );
    // dynalite makes a table ACTIVE on a timer; requests before that fail.
    for (let attempt = 0; ; attempt++) {
      const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: names.table }));
      if (Table?.TableStatus === 'ACTIVE') break;
      if (attempt > 250) throw new Error(`table ${names.table} did not become ACTIVE`);
      await sleep(20);
    }
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({ QueueName: names.queue, Attributes: { ...setup.queueAttributes } }),
    );
    if (!QueueUrl) throw new Error('CreateQueue answered no URL');
    return QueueUrl;
  } finally {
    dynamo.destroy();
    sqs.destroy();
  }
}
