import { createDynamoScheduleStore } from '../../src/adapters/dynamodb/schedule-store.ts';
import { scheduleStoreConformance } from '../helpers/schedule-store-conformance.ts';
import { tablesPerCase } from '../helpers/tables-per-case.ts';

// A table per case: listings see only their own case's schedules.
const nextTable = tablesPerCase(3);
scheduleStoreConformance('DynamoDB (dynalite)', () => createDynamoScheduleStore(nextTable()));
