import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { createDynamoScheduleStore } from '../../src/adapters/dynamodb/schedule-store.ts';
import { createJobsTable, type Emulators, startEmulators } from '../helpers/emulators.ts';
import { scheduleStoreConformance } from '../helpers/schedule-store-conformance.ts';

let emulators: Emulators;
const tables: string[] = [];

beforeAll(async () => {
  emulators = await startEmulators();
  // A table per case: listings see only their own case's schedules.
  for (let i = 0; i < 3; i++) {
    const name = `jobs-${randomUUID()}`;
    await createJobsTable(emulators.endpoints.dynamodb, name);
    tables.push(name);
  }
});
afterAll(() => emulators?.stop());

let next = 0;
scheduleStoreConformance('DynamoDB (dynalite)', () => {
  const tableName = tables[next++];
  if (!tableName) throw new Error('add more tables in beforeAll');
  return createDynamoScheduleStore({
    client: emulators.clients.dynamo,
    tableName,
    byStatusIndex: 'byStatus',
  });
});
