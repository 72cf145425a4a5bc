import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import {
  type AttributeValue,
  BatchWriteItemCommand,
  type DynamoDBClient,
  ScanCommand,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { ProvisionError } from '../errors.ts';

/**
 * The items of a table being rebuilt, kept on disk while the table is deleted and recreated: if the
 * runtime dies in between, the next start finds this file and finishes the job instead of losing
 * the data. Table names are [a-zA-Z0-9_.-]+, so they are safe in a file name.
 */
export function migrationFile(stateDir: string, tableName: string): string {
  return path.join(stateDir, `migrating-${tableName}.json`);
}

export type Item = Record<string, AttributeValue>;

/** Every item of the table, all pages. */
export async function scanAll(client: DynamoDBClient, tableName: string): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Item | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: startKey }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/**
 * Writes the file whole or not at all (temp file, fsync, rename), so a crash never leaves a half
 * file that the next start would take for the table's full contents.
 */
export async function saveMigration(file: string, tableName: string, items: readonly Item[]): Promise<void> {
  const temp = `${file}.tmp`;
  await mkdir(path.dirname(file), { recursive: true });
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(JSON.stringify({ table: tableName, items }, encodeBinary));
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
}

/** The items a migration left behind, or undefined when none is pending. */
export async function readMigration(file: string): Promise<Item[] | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return (JSON.parse(text, decodeBinary) as { items: Item[] }).items;
}

export async function finishMigration(file: string): Promise<void> {
  await rm(file, { force: true });
}

const BATCH = 25;
const MAX_ATTEMPTS = 10;

/**
 * Puts every item, 25 to a BatchWriteItem, retrying what DynamoDB leaves unprocessed with a growing
 * pause. Puts overwrite, so writing the same items again after a crash is harmless.
 */
export async function writeAll(
  client: DynamoDBClient,
  logicalId: string,
  tableName: string,
  items: readonly Item[],
): Promise<void> {
  for (let start = 0; start < items.length; start += BATCH) {
    let pending: WriteRequest[] = items.slice(start, start + BATCH).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      if (attempt > MAX_ATTEMPTS) {
        throw new ProvisionError(
          logicalId,
          `Table ${tableName}: ${pending.length} items were still unprocessed after ${MAX_ATTEMPTS} BatchWriteItem attempts.`,
        );
      }
      if (attempt > 1) await sleep(Math.min(500, 10 * 2 ** attempt));
      const result = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }));
      pending = result.UnprocessedItems?.[tableName] ?? [];
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// The SDK gives binary values (B, BS) as Uint8Array, which JSON would turn into an object of
// numbered keys; store them as base64, as DynamoDB's own JSON does. `this[key]` is the value before
// Buffer's toJSON runs. Only an AttributeValue's B is a string and only its BS an array, so the
// reviver cannot mistake an attribute that happens to be named B or BS.
function encodeBinary(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  return raw instanceof Uint8Array ? Buffer.from(raw).toString('base64') : value;
}

function decodeBinary(key: string, value: unknown): unknown {
  if (key === 'B' && typeof value === 'string') return Buffer.from(value, 'base64');
  if (key === 'BS' && Array.isArray(value)) return value.map((v: string) => Buffer.from(v, 'base64'));
  return value;
}
