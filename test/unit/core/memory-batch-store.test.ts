import { createMemoryBatchStore } from '../../../src/adapters/memory/batch-store.ts';
import { batchStoreConformance } from '../../helpers/batch-store-conformance.ts';

batchStoreConformance('in-memory', createMemoryBatchStore);
