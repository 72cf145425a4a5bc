import { createMemorySnapshotStore } from '../../../../src/adapters/memory/snapshot-store.ts';
import { snapshotStoreConformance } from '../../../helpers/snapshot-store-conformance.ts';

snapshotStoreConformance('in-memory', () => createMemorySnapshotStore());
