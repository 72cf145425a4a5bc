import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { createDynamoJobStore } from '../../src/adapters/dynamodb/job-store.ts';
import { createJobsTable, type Emulators, startEmulators } from '../helpers/emulators.ts';
import { jobStoreConformance } from '../helpers/job-store-conformance.ts';

let emulators: Emulators;
const tables: string[] = [];

beforeAll(async () => {
  emulators = await startEmulators();
  // One table per case keeps counts independent; dynalite creates tables instantly.
  for (let i = 0; i < 41; i++) {
    const name = `jobs-${randomUUID()}`;
    await createJobsTable(emulators.endpoints.dynamodb, name);
    tables.push(name);
  }
});
afterAll(() => emulators?.stop());

let next = 0;
jobStoreConformance('DynamoDB (dynalite)', () => {
  const tableName = tables[next++];
  if (!tableName) throw new Error('add more tables in beforeAll');
  return createDynamoJobStore({ client: emulators.clients.dynamo, tableName, byStatusIndex: 'byStatus' });
});
