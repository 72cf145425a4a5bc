import { createDynamoJobStore } from '../../src/adapters/dynamodb/job-store.ts';
import { jobStoreConformance } from '../helpers/job-store-conformance.ts';
import { tablesPerCase } from '../helpers/tables-per-case.ts';

const nextTable = tablesPerCase(45);
jobStoreConformance('DynamoDB (dynalite)', () => createDynamoJobStore(nextTable()));
