import { createMemoryJobStore } from '../../../src/adapters/memory/job-store.ts';
import { jobStoreConformance } from '../../helpers/job-store-conformance.ts';

jobStoreConformance('in-memory', () => createMemoryJobStore());
