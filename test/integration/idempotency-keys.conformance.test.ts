import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDynamoIdempotencyKeys } from '../../src/adapters/dynamodb/idempotency-keys.ts';
import { createDynamoJobStore } from '../../src/adapters/dynamodb/job-store.ts';
import { keyEntry } from '../../src/core/idempotency.ts';
import { createJobsTable, type Emulators, startEmulators } from '../helpers/emulators.ts';
import { idempotencyKeysConformance } from '../helpers/idempotency-keys-conformance.ts';
import { T0 } from '../helpers/jobs.ts';

let emulators: Emulators;
const tableName = `jobs-${randomUUID()}`;
const table = () => ({ client: emulators.clients.dynamo, tableName, byStatusIndex: 'byStatus' });

beforeAll(async () => {
  emulators = await startEmulators();
  await createJobsTable(emulators.endpoints.dynamodb, tableName);
});
afterAll(() => emulators?.stop());

// Keys are unique per case: one table serves them all, as the jobs table serves jobs and keys.
idempotencyKeysConformance('DynamoDB (dynalite)', () => createDynamoIdempotencyKeys(table()));

it('keeps keys out of the jobs: a key item is no job, and no index lists it', async () => {
  const keys = createDynamoIdempotencyKeys(table());
  const store = createDynamoJobStore(table());
  await keys.reserve(keyEntry('k-listed', 'job-1', 'fp', undefined, T0), T0);
  expect(await store.get('idempotency-key#k-listed')).toBeUndefined();
  expect(await store.countByStatus('pending')).toBe(0);
  expect((await store.requestCancel('idempotency-key#k-listed', T0)).kind).toBe('missing');
});
