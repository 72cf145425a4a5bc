import { createMemoryScheduleStore } from '../../../src/adapters/memory/schedule-store.ts';
import { scheduleStoreConformance } from '../../helpers/schedule-store-conformance.ts';

scheduleStoreConformance('in-memory', createMemoryScheduleStore);
