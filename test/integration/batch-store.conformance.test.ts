import { createDynamoBatchStore } from '../../src/adapters/dynamodb/batch-store.ts';
import { batchStoreConformance } from '../helpers/batch-store-conformance.ts';
import { tablesPerCase } from '../helpers/tables-per-case.ts';

const nextTable = tablesPerCase(3);
batchStoreConformance('DynamoDB (dynalite)', () => createDynamoBatchStore(nextTable()));
