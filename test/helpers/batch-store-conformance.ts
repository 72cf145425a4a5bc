import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { JobBatch } from '../../src/core/batch.ts';
import type { BatchStore } from '../../src/core/ports.ts';
import { later } from './jobs.ts';

function aBatch(seconds: number, overrides: Partial<JobBatch> = {}): JobBatch {
  return {
    id: randomUUID(),
    createdAt: later(seconds).toISOString(),
    jobIds: Array.from({ length: 3 }, () => randomUUID()),
    ...overrides,
  };
}

/** The BatchStore contract, run against every adapter. `makeStore` gives each case an empty store. */
export function batchStoreConformance(name: string, makeStore: () => BatchStore): void {
  describe(`BatchStore contract: ${name}`, () => {
    it('reads a batch back as written, with its callback, and nothing for an unknown id', async () => {
      const store = makeStore();
      const batch = aBatch(1, {
        callbackJobId: randomUUID(),
        jobIds: Array.from({ length: 500 }, () => randomUUID()),
      });
      await store.create(batch);
      expect(await store.get(batch.id)).toEqual(batch);
      expect(await store.get(randomUUID())).toBeUndefined();
    });

    it('refuses a second batch with the same id', async () => {
      const store = makeStore();
      const batch = aBatch(1);
      await store.create(batch);
      await expect(store.create(batch)).rejects.toThrow();
    });

    it('lists the newest first, at most the limit, and forgets a removed one', async () => {
      const store = makeStore();
      const batches = [3, 1, 4, 2].map((s) => aBatch(s));
      for (const batch of batches) await store.create(batch);
      expect((await store.listNewest(3)).map((b) => b.createdAt)).toEqual(
        [4, 3, 2].map((s) => later(s).toISOString()),
      );
      await store.remove(batches[2]?.id ?? '');
      expect(await store.get(batches[2]?.id ?? '')).toBeUndefined();
      expect((await store.listNewest(10)).map((b) => b.id)).toEqual(
        [batches[0], batches[3], batches[1]].map((b) => b?.id),
      );
    });
  });
}
