import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  type AttributeValue,
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  QueryCommand,
  ResourceNotFoundException,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ProvisionError } from '../../../local/errors.ts';
import { migrationFile, saveMigration, writeAll } from '../../../local/provision/table-migration.ts';
import { provisionTable } from '../../../local/provision/tables.ts';
import type { TableModel } from '../../../local/template/storage.ts';

interface DynaliteServer {
  listen(port: number, host: string, callback: () => void): void;
  address(): AddressInfo;
  close(callback: () => void): void;
}

const require = createRequire(import.meta.url);
let dynalite: DynaliteServer;
let client: DynamoDBClient;
let stateDir: string;

beforeAll(async () => {
  process.env.AWS_ACCESS_KEY_ID ??= 'test';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
  // As the runtime's dynalite-child.cjs starts it.
  dynalite = (require('dynalite') as (options: object) => DynaliteServer)({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await new Promise<void>((resolve) => dynalite.listen(0, '127.0.0.1', resolve));
  client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${dynalite.address().port}`,
  });
});
afterAll(async () => {
  client.destroy();
  await new Promise<void>((resolve) => dynalite.close(() => resolve()));
});

let tableName: string;
let n = 0;
beforeEach(async () => {
  stateDir = await mkdtemp(path.join(os.tmpdir(), 'sqs-jobs-migration-'));
  n += 1;
  tableName = `Demo-JobsTable-${n}`;
});
afterEach(async () => {
  await rm(stateDir, { recursive: true, force: true });
});

const byStatus = {
  IndexName: 'byStatus',
  KeySchema: [
    { AttributeName: 'status', KeyType: 'HASH' },
    { AttributeName: 'updatedAt', KeyType: 'RANGE' },
  ],
  Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['type', 'attempts', 'createdAt'] },
} as const;

/** The jobs table as the template declares it since scheduledByRunAt was added. */
function jobsModel(): TableModel {
  return {
    logicalId: 'JobsTable',
    name: tableName,
    keySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    attributeDefinitions: [
      { AttributeName: 'id', AttributeType: 'S' },
      { AttributeName: 'status', AttributeType: 'S' },
      { AttributeName: 'updatedAt', AttributeType: 'S' },
      { AttributeName: 'scheduledKey', AttributeType: 'S' },
      { AttributeName: 'runAt', AttributeType: 'S' },
    ],
    globalSecondaryIndexes: [
      byStatus,
      {
        IndexName: 'scheduledByRunAt',
        KeySchema: [
          { AttributeName: 'scheduledKey', KeyType: 'HASH' },
          { AttributeName: 'runAt', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['type'] },
      },
    ],
    notEmulated: [],
  };
}

/** The table a state dir from before scheduledByRunAt holds: byStatus only. */
async function createOldJobsTable(): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [
        { AttributeName: 'id', AttributeType: 'S' },
        { AttributeName: 'status', AttributeType: 'S' },
        { AttributeName: 'updatedAt', AttributeType: 'S' },
      ],
      GlobalSecondaryIndexes: [
        {
          ...byStatus,
          KeySchema: [...byStatus.KeySchema],
          Projection: { ...byStatus.Projection, NonKeyAttributes: [...byStatus.Projection.NonKeyAttributes] },
        },
      ],
    }),
  );
  await waitUntil(async () => (await describeTable())?.TableStatus === 'ACTIVE');
}

type Item = Record<string, AttributeValue>;

function job(id: string, status: string, extra: Item = {}): Item {
  return {
    id: { S: id },
    status: { S: status },
    updatedAt: { S: `2025-01-01T00:00:0${id.slice(-1)}.000Z` },
    type: { S: 'email' },
    attempts: { N: '0' },
    payload: { M: { to: { S: `${id}@example.com` }, tags: { L: [{ S: 'a' }, { N: '1.5' }] } } },
    ...extra,
  };
}

const items: Item[] = [
  job('job-1', 'queued'),
  job('job-2', 'scheduled', { scheduledKey: { S: 'scheduled' }, runAt: { S: '2025-06-01T10:00:00.000Z' } }),
  job('job-3', 'succeeded', {
    result: { B: Buffer.from([0, 1, 2, 255]) },
    marks: { BS: [Buffer.from('x')] },
  }),
  job('job-4', 'scheduled', { scheduledKey: { S: 'scheduled' }, runAt: { S: '2025-05-01T10:00:00.000Z' } }),
  // More than one BatchWriteItem's worth, and more than one Scan page with the padding below.
  ...Array.from({ length: 40 }, (_, i) =>
    job(`bulk-${String(i).padStart(2, '0')}`, 'queued', { padding: { S: 'x'.repeat(40_000) } }),
  ),
];

async function putItems(list: readonly Item[]): Promise<void> {
  for (let i = 0; i < list.length; i += 25) {
    await client.send(
      new BatchWriteItemCommand({
        RequestItems: { [tableName]: list.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
  }
}

async function scanTable(): Promise<Item[]> {
  const all: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
    all.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return all;
}

/** Comparable items: sorted by id, binary values as plain byte arrays. */
function normalized(list: readonly Item[]): unknown[] {
  return JSON.parse(
    JSON.stringify(
      [...list].sort((a, b) => String(a.id?.S).localeCompare(String(b.id?.S))),
      function (this: Record<string, unknown>, key, value) {
        const raw = this[key];
        return raw instanceof Uint8Array ? [...raw] : value;
      },
    ),
  );
}

async function describeTable() {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

async function waitUntil(done: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 250 && !(await done()); i += 1) await new Promise((r) => setTimeout(r, 20));
}

async function expectMigrated(): Promise<void> {
  expect(normalized(await scanTable())).toEqual(normalized(items));
  const description = await describeTable();
  expect(description?.GlobalSecondaryIndexes?.map((index) => index.IndexName).sort()).toEqual([
    'byStatus',
    'scheduledByRunAt',
  ]);
  const scheduled = await client.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'scheduledByRunAt',
      KeyConditionExpression: 'scheduledKey = :key',
      ExpressionAttributeValues: { ':key': { S: 'scheduled' } },
    }),
  );
  expect(scheduled.Items?.map((item) => [item.id?.S, item.runAt?.S, item.type?.S])).toEqual([
    ['job-4', '2025-05-01T10:00:00.000Z', 'email'],
    ['job-2', '2025-06-01T10:00:00.000Z', 'email'],
  ]);
  // The migration file is gone, and the next start keeps the table.
  expect(await readdir(stateDir)).toEqual([]);
  expect(await provisionTable(client, jobsModel(), stateDir)).toBe('kept');
}

describe('migrating a table whose indexes changed', () => {
  it('creates a new table and keeps it on the next start (projections compare equal)', async () => {
    expect(await provisionTable(client, jobsModel(), stateDir)).toBe('created');
    expect(await provisionTable(client, jobsModel(), stateDir)).toBe('kept');
  });

  it('rebuilds a table from before scheduledByRunAt with every item unchanged', async () => {
    await createOldJobsTable();
    await putItems(items);
    expect(await provisionTable(client, jobsModel(), stateDir)).toBe('migrated');
    await expectMigrated();
  });

  it('migrates a removed or changed index too', async () => {
    expect(await provisionTable(client, jobsModel(), stateDir)).toBe('created');
    await putItems(items);
    const model = jobsModel();
    const fewer: TableModel = { ...model, globalSecondaryIndexes: model.globalSecondaryIndexes.slice(0, 1) };
    expect(await provisionTable(client, fewer, stateDir)).toBe('migrated');
    expect((await describeTable())?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual([
      'byStatus',
    ]);
    const reprojected: TableModel = {
      ...fewer,
      globalSecondaryIndexes: [{ ...byStatus, Projection: { ProjectionType: 'ALL' } }],
    };
    expect(await provisionTable(client, reprojected, stateDir)).toBe('migrated');
    expect((await describeTable())?.GlobalSecondaryIndexes?.[0]?.Projection?.ProjectionType).toBe('ALL');
    expect(await provisionTable(client, model, stateDir)).toBe('migrated');
    await expectMigrated();
  });

  it('finishes a migration that died after deleting the table', async () => {
    await createOldJobsTable();
    await putItems(items);
    await saveMigration(migrationFile(stateDir, tableName), tableName, await scanTable());
    await client.send(new DeleteTableCommand({ TableName: tableName }));
    await waitUntil(async () => (await describeTable()) === undefined);
    expect(await describeTable()).toBeUndefined();

    expect(await provisionTable(client, jobsModel(), stateDir)).toBe('migrated');
    await expectMigrated();
  });

  it('finishes a migration that died before deleting the table, or while reloading it', async () => {
    await createOldJobsTable();
    await putItems(items);
    await saveMigration(migrationFile(stateDir, tableName), tableName, await scanTable());
    expect(await provisionTable(client, jobsModel(), stateDir)).toBe('migrated');
    await expectMigrated();

    // Recreated already, some items written back: the file still has them all.
    await client.send(new DeleteTableCommand({ TableName: tableName }));
    await waitUntil(async () => (await describeTable()) === undefined);
    expect(await provisionTable(client, jobsModel(), stateDir)).toBe('created');
    await putItems(items.slice(0, 10));
    await saveMigration(migrationFile(stateDir, tableName), tableName, items);
    expect(await provisionTable(client, jobsModel(), stateDir)).toBe('migrated');
    await expectMigrated();
  });

  it('still refuses a changed key schema, touching nothing', async () => {
    await createOldJobsTable();
    await putItems(items);
    const rekeyed: TableModel = {
      ...jobsModel(),
      keySchema: [
        { AttributeName: 'id', KeyType: 'HASH' },
        { AttributeName: 'status', KeyType: 'RANGE' },
      ],
    };
    const attempt = provisionTable(client, rekeyed, stateDir);
    await expect(attempt).rejects.toThrow(ProvisionError);
    await expect(attempt).rejects.toThrow(
      `Table ${tableName} in ${stateDir} no longer matches the template: key schema is id:HASH on disk, ` +
        `id:HASH,status:RANGE in the template. Local data cannot be migrated; stop the runtime and delete ${stateDir} to start fresh.`,
    );
    expect(normalized(await scanTable())).toEqual(normalized(items));
    expect(await readdir(stateDir)).toEqual([]);
  });

  it('retries unprocessed items and gives up, naming the table, after a bounded number of attempts', async () => {
    const sent: number[] = [];
    const flaky = {
      async send(command: BatchWriteItemCommand) {
        const requests = command.input.RequestItems?.[tableName] ?? [];
        sent.push(requests.length);
        // Leaves the last request unprocessed twice, then takes everything.
        return sent.length <= 2 ? { UnprocessedItems: { [tableName]: requests.slice(-1) } } : {};
      },
    } as unknown as DynamoDBClient;
    await writeAll(flaky, 'JobsTable', tableName, items.slice(0, 30));
    expect(sent).toEqual([25, 1, 1, 5]);

    const stuck = {
      async send(command: BatchWriteItemCommand) {
        return { UnprocessedItems: command.input.RequestItems };
      },
    } as unknown as DynamoDBClient;
    await expect(writeAll(stuck, 'JobsTable', tableName, items.slice(0, 3))).rejects.toThrow(
      `Table ${tableName}: 3 items were still unprocessed after 10 BatchWriteItem attempts.`,
    );
  });
});
