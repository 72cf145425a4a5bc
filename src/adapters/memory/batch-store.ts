import type { JobBatch } from '../../core/batch.ts';
import type { BatchStore } from '../../core/ports.ts';

/** The BatchStore port in a Map, held to the same conformance suite as the DynamoDB adapter. */
export function createMemoryBatchStore(): BatchStore {
  const batches = new Map<string, JobBatch>();
  return {
    async create(batch) {
      if (batches.has(batch.id)) throw new Error(`batch ${batch.id} exists`);
      batches.set(batch.id, structuredClone(batch));
    },
    get: async (id) => {
      const batch = batches.get(id);
      return batch ? structuredClone(batch) : undefined;
    },
    remove: async (id) => {
      batches.delete(id);
    },
    listNewest: async (limit) =>
      [...batches.values()]
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
        .slice(0, limit)
        .map((batch) => structuredClone(batch)),
  };
}
