import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { type FauxqsServer, startFauxqs } from 'fauxqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntimeClients, type RuntimeClients } from '../../../local/aws-clients.ts';
import { ProvisionError } from '../../../local/errors.ts';
import { provisionQueue } from '../../../local/provision/queues.ts';
import { provisionTable } from '../../../local/provision/tables.ts';
import type { QueueModel, TableModel } from '../../../local/template/storage.ts';

interface DynaliteServer {
  listen(port: number, host: string, callback: () => void): void;
  address(): AddressInfo;
  close(callback: () => void): void;
}

const require = createRequire(import.meta.url);
let dynalite: DynaliteServer;
let fauxqs: FauxqsServer;
let clients: RuntimeClients;
let sqsEndpoint: string;

beforeAll(async () => {
  dynalite = (require('dynalite') as (options: object) => DynaliteServer)({ createTableMs: 0 });
  await new Promise<void>((resolve) => dynalite.listen(0, '127.0.0.1', resolve));
  fauxqs = await startFauxqs({ port: 0, logger: false });
  sqsEndpoint = `http://127.0.0.1:${fauxqs.port}`;
  clients = createRuntimeClients('us-east-1', {
    dynamodb: `http://127.0.0.1:${dynalite.address().port}`,
    sqs: sqsEndpoint,
    s3: sqsEndpoint,
  });
});
afterAll(async () => {
  clients.destroy();
  await fauxqs.stop();
  await new Promise<void>((resolve) => dynalite.close(() => resolve()));
});

const jobsTable: TableModel = {
  logicalId: 'JobsTable',
  name: 'Demo-JobsTable',
  keySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
  attributeDefinitions: [
    { AttributeName: 'id', AttributeType: 'S' },
    { AttributeName: 'status', AttributeType: 'S' },
  ],
  globalSecondaryIndexes: [
    {
      IndexName: 'byStatus',
      KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }],
      Projection: { ProjectionType: 'KEYS_ONLY' },
    },
  ],
  notEmulated: [],
};

describe('provisioning', () => {
  it('creates a table, keeps it on the next start, and refuses a changed key schema', async () => {
    expect(await provisionTable(clients.dynamodb, jobsTable, '.local')).toBe('created');
    expect(await provisionTable(clients.dynamodb, jobsTable, '.local')).toBe('kept');
    const rekeyed: TableModel = {
      ...jobsTable,
      keySchema: [
        { AttributeName: 'id', KeyType: 'HASH' },
        { AttributeName: 'status', KeyType: 'RANGE' },
      ],
    };
    await expect(provisionTable(clients.dynamodb, rekeyed, '.local')).rejects.toThrow(ProvisionError);
    await expect(provisionTable(clients.dynamodb, rekeyed, '.local')).rejects.toThrow(/delete \.local/);
    // A changed index set is migrated instead: table-migration.test.ts.
  });

  it('updates an existing queue to the template and drops a redrive policy the template no longer has', async () => {
    const dlq: QueueModel = {
      logicalId: 'Dlq',
      name: 'Demo-Dlq',
      arn: 'arn:aws:sqs:us-east-1:000000000000:Demo-Dlq',
      fifo: false,
      attributes: { VisibilityTimeout: '30' },
      deadLetterQueue: undefined,
      maxReceiveCount: undefined,
    };
    const queue = (attributes: Record<string, string>): QueueModel => ({
      ...dlq,
      logicalId: 'Queue',
      name: 'Demo-Queue',
      arn: 'arn:aws:sqs:us-east-1:000000000000:Demo-Queue',
      attributes,
    });
    await provisionQueue(clients.sqs, dlq, sqsEndpoint);
    const redrive = JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 5 });
    const created = await provisionQueue(
      clients.sqs,
      queue({ VisibilityTimeout: '60', RedrivePolicy: redrive }),
      sqsEndpoint,
    );
    expect(created).toEqual({ url: `${sqsEndpoint}/000000000000/Demo-Queue`, provisioned: 'created' });

    const updated = await provisionQueue(clients.sqs, queue({ VisibilityTimeout: '90' }), sqsEndpoint);
    expect(updated.provisioned).toBe('kept');
    const { Attributes = {} } = await clients.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: updated.url, AttributeNames: ['All'] }),
    );
    expect(Attributes.VisibilityTimeout).toBe('90');
    expect(Attributes.RedrivePolicy).toBeUndefined();
  });
});
