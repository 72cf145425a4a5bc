import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { createDynamoJobLimits } from '../../src/adapters/dynamodb/job-limits.ts';
import { createJobsTable, type Emulators, startEmulators } from '../helpers/emulators.ts';
import { jobLimitsConformance } from '../helpers/job-limits-conformance.ts';

let emulators: Emulators;
const tableName = `jobs-${randomUUID()}`;

beforeAll(async () => {
  emulators = await startEmulators();
  await createJobsTable(emulators.endpoints.dynamodb, tableName);
});
afterAll(() => emulators?.stop());

// Limit names are unique per case: one table serves them all, as the jobs table does.
jobLimitsConformance('DynamoDB (dynalite)', async () =>
  createDynamoJobLimits({ client: emulators.clients.dynamo, tableName, byStatusIndex: 'byStatus' }),
);
