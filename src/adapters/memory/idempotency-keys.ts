import { isExpired, type KeyEntry } from '../../core/idempotency.ts';
import type { IdempotencyKeys } from '../../core/ports.ts';

/** The IdempotencyKeys port in a Map, held to the same conformance suite as the DynamoDB adapter. */
export function createMemoryIdempotencyKeys(): IdempotencyKeys & {
  readonly entries: ReadonlyMap<string, KeyEntry>;
} {
  const entries = new Map<string, KeyEntry>();
  return {
    entries,
    async reserve(entry, now) {
      const holder = entries.get(entry.key);
      if (holder && !isExpired(holder, now)) return { ...holder };
      entries.set(entry.key, { ...entry });
      return undefined;
    },
    async replace(entry, previousJobId) {
      if (entries.get(entry.key)?.jobId !== previousJobId) return false;
      entries.set(entry.key, { ...entry });
      return true;
    },
    async release(key, jobId) {
      if (entries.get(key)?.jobId === jobId) entries.delete(key);
    },
  };
}
