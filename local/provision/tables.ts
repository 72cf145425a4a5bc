import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { ProvisionError } from '../errors.ts';
import type { TableModel } from '../template/storage.ts';
import {
  finishMigration,
  type Item,
  migrationFile,
  readMigration,
  saveMigration,
  scanAll,
  sleep,
  writeAll,
} from './table-migration.ts';

export type Provisioned = 'created' | 'kept' | 'migrated';

/**
 * Creates the table as the template declares it, or keeps the one on disk. A changed index set is
 * migrated: dynalite cannot add or drop an index on a table (its UpdateTable only changes
 * throughput), so the items are saved, the table recreated and the items written back. A changed
 * key schema cannot be migrated meaningfully (on AWS it means a replacement), so it stops the start.
 */
export async function provisionTable(
  client: DynamoDBClient,
  table: TableModel,
  stateDir: string,
): Promise<Provisioned> {
  const existing = await describe(client, table.name);
  const keys = existing && keyDifference(table, existing);
  if (keys) {
    throw new ProvisionError(
      table.logicalId,
      `Table ${table.name} in ${stateDir} no longer matches the template: ${keys}. ` +
        `Local data cannot be migrated; stop the runtime and delete ${stateDir} to start fresh.`,
    );
  }
  const file = migrationFile(stateDir, table.name);
  // A start that died mid-migration may have deleted the table already: then its items are only in
  // this file, so finish that migration before anything else.
  const pending = await readMigration(file);
  if (pending) {
    await rebuild(client, table, pending, file);
    return 'migrated';
  }
  if (!existing) {
    await createTable(client, table);
    return 'created';
  }
  if (indexesMatch(table, existing)) return 'kept';
  // Nothing reads or writes the table yet (functions start after provisioning), so the scan is whole.
  const items = await scanAll(client, table.name);
  await saveMigration(file, table.name, items);
  await rebuild(client, table, items, file);
  return 'migrated';
}

/**
 * Brings the table to the template's shape holding the saved items, from wherever a previous
 * attempt stopped (old table still there, being deleted, gone, or recreated and partly reloaded),
 * and then drops the file.
 */
async function rebuild(client: DynamoDBClient, table: TableModel, items: readonly Item[], file: string) {
  let existing = await describe(client, table.name);
  // dynalite drops the indexes from a DELETING table's description, so look at the status first.
  if (existing && (existing.TableStatus === 'DELETING' || !indexesMatch(table, existing))) {
    if (existing.TableStatus !== 'DELETING') {
      await client.send(new DeleteTableCommand({ TableName: table.name }));
    }
    await waitFor(table, 'deleted', async () => (await describe(client, table.name)) === undefined);
    existing = undefined;
  }
  if (existing) await waitUntilActive(client, table);
  else await createTable(client, table);
  try {
    await writeAll(client, table.logicalId, table.name, items);
  } catch (error) {
    throw new ProvisionError(
      table.logicalId,
      `Could not write the ${items.length} items of table ${table.name} back after changing its indexes ` +
        `(${(error as Error).message}). They are kept in ${file}; the next start tries again.`,
      { cause: error },
    );
  }
  await finishMigration(file);
}

async function createTable(client: DynamoDBClient, table: TableModel): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: table.name,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [...table.keySchema],
      AttributeDefinitions: [...table.attributeDefinitions],
      ...(table.globalSecondaryIndexes.length > 0
        ? {
            GlobalSecondaryIndexes: table.globalSecondaryIndexes.map((index) => ({
              IndexName: index.IndexName,
              KeySchema: [...index.KeySchema],
              Projection: {
                ProjectionType: index.Projection.ProjectionType ?? 'ALL',
                ...(index.Projection.NonKeyAttributes
                  ? { NonKeyAttributes: [...index.Projection.NonKeyAttributes] }
                  : {}),
              },
            })),
          }
        : {}),
    }),
  );
  await waitUntilActive(client, table);
}

/** dynalite flips a new table to ACTIVE on its next tick; handlers must not see CREATING. */
function waitUntilActive(client: DynamoDBClient, table: TableModel): Promise<void> {
  return waitFor(table, 'ACTIVE', async () => (await describe(client, table.name))?.TableStatus === 'ACTIVE');
}

/** dynalite finishes creates and deletes on a timer; poll for a bounded time. */
async function waitFor(table: TableModel, state: string, done: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 250; attempt += 1) {
    if (await done()) return;
    await sleep(20);
  }
  throw new ProvisionError(table.logicalId, `Table ${table.name} did not become ${state} within 5 seconds.`);
}

async function describe(client: DynamoDBClient, name: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

type KeyList = readonly { AttributeName?: string; KeyType?: string }[] | undefined;

const keysOf = (schema: KeyList) =>
  (schema ?? []).map((key) => `${key.AttributeName}:${key.KeyType}`).join(',');

function keyDifference(table: TableModel, existing: TableDescription): string | undefined {
  if (keysOf(existing.KeySchema) === keysOf(table.keySchema)) return undefined;
  return `key schema is ${keysOf(existing.KeySchema)} on disk, ${keysOf(table.keySchema)} in the template`;
}

/** Names, keys and projections: a changed projection would make queries miss attributes silently. */
function indexesMatch(table: TableModel, existing: TableDescription): boolean {
  const indexes = (
    list: readonly {
      IndexName?: string;
      KeySchema?: KeyList;
      Projection?: { ProjectionType?: string; NonKeyAttributes?: readonly string[] };
    }[],
  ) =>
    list
      .map((index) => {
        const projection = index.Projection?.ProjectionType ?? 'ALL';
        const nonKey = [...(index.Projection?.NonKeyAttributes ?? [])].sort().join(',');
        return `${index.IndexName}(${keysOf(index.KeySchema)}; ${projection}${nonKey ? ` ${nonKey}` : ''})`;
      })
      .sort()
      .join(' ');
  return indexes(existing.GlobalSecondaryIndexes ?? []) === indexes(table.globalSecondaryIndexes);
}
