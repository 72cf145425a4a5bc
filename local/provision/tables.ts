import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { ProvisionError } from '../errors.ts';
import type { KeyElement, TableModel } from '../template/storage.ts';

export type Provisioned = 'created' | 'kept';

/**
 * Creates the table as the template declares it, or keeps the one on disk. A changed key schema or
 * index set cannot be migrated in place (on AWS it means a replacement), so it stops the start.
 */
export async function provisionTable(
  client: DynamoDBClient,
  table: TableModel,
  stateDir: string,
): Promise<Provisioned> {
  const existing = await describe(client, table.name);
  if (existing) {
    const problem = schemaDifference(table, existing);
    if (problem) {
      throw new ProvisionError(
        table.logicalId,
        `Table ${table.name} in ${stateDir} no longer matches the template: ${problem}. ` +
          `Local data cannot be migrated; stop the runtime and delete ${stateDir} to start fresh.`,
      );
    }
    return 'kept';
  }
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
  // dynalite flips a new table to ACTIVE on its next tick; handlers must not see CREATING.
  for (let attempt = 0; attempt < 50; attempt += 1) {
    if ((await describe(client, table.name))?.TableStatus === 'ACTIVE') break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return 'created';
}

async function describe(client: DynamoDBClient, name: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

function schemaDifference(table: TableModel, existing: TableDescription): string | undefined {
  const keys = (schema: readonly { AttributeName?: string; KeyType?: string }[] | undefined) =>
    (schema ?? []).map((key) => `${key.AttributeName}:${key.KeyType}`).join(',');
  if (keys(existing.KeySchema) !== keys(table.keySchema as KeyElement[])) {
    return `key schema is ${keys(existing.KeySchema)} on disk, ${keys(table.keySchema)} in the template`;
  }
  const indexes = (list: readonly { IndexName?: string; KeySchema?: readonly KeyElement[] | undefined }[]) =>
    list
      .map((index) => `${index.IndexName}(${keys(index.KeySchema as KeyElement[])})`)
      .sort()
      .join(' ');
  const onDisk = indexes(
    (existing.GlobalSecondaryIndexes ?? []) as { IndexName?: string; KeySchema?: KeyElement[] }[],
  );
  const wanted = indexes(table.globalSecondaryIndexes);
  if (onDisk !== wanted) return `indexes are [${onDisk}] on disk, [${wanted}] in the template`;
  return undefined;
}
