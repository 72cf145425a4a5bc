import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { createDynamoSnapshotStore } from '../../src/adapters/dynamodb/snapshot-store.ts';
import { createStatsTable, type Emulators, startEmulators } from '../helpers/emulators.ts';
import { snapshotStoreConformance } from '../helpers/snapshot-store-conformance.ts';

let emulators: Emulators;
const tables: string[] = [];

beforeAll(async () => {
  emulators = await startEmulators();
  for (let i = 0; i < 10; i++) {
    const name = `stats-${randomUUID()}`;
    await createStatsTable(emulators.endpoints.dynamodb, name);
    tables.push(name);
  }
});
afterAll(() => emulators?.stop());

let next = 0;
snapshotStoreConformance('DynamoDB (dynalite)', () => {
  const tableName = tables[next++];
  if (!tableName) throw new Error('add more tables in beforeAll');
  return createDynamoSnapshotStore({ client: emulators.clients.dynamo, tableName });
});
