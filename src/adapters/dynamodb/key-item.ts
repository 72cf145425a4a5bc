import type { IdempotencyMode, KeyEntry } from '../../core/idempotency.ts';
import { KEY_ITEM_PREFIX } from './jobs-table.ts';

/** An idempotency key as stored in the jobs table. */
export interface KeyItem {
  readonly id: string;
  readonly jobId: string;
  readonly fingerprint: string;
  readonly mode: IdempotencyMode;
  /** When it frees (ISO 8601), compared in conditions. */
  readonly keyExpiresAt?: string;
  /** The same in epoch seconds: the table's TTL attribute, so AWS deletes expired keys by itself. */
  readonly expiresAt?: number;
}

export function keyItemId(key: string): string {
  return `${KEY_ITEM_PREFIX}${key}`;
}

export function toKeyItem(entry: KeyEntry): KeyItem {
  return {
    id: keyItemId(entry.key),
    jobId: entry.jobId,
    fingerprint: entry.fingerprint,
    mode: entry.mode,
    ...(entry.expiresAt
      ? { keyExpiresAt: entry.expiresAt, expiresAt: Math.ceil(Date.parse(entry.expiresAt) / 1000) }
      : {}),
  };
}

export function fromKeyItem(item: Record<string, unknown>): KeyEntry {
  return {
    key: String(item.id).slice(KEY_ITEM_PREFIX.length),
    jobId: String(item.jobId),
    fingerprint: String(item.fingerprint),
    mode: item.mode === 'untilFinished' ? 'untilFinished' : 'window',
    ...(typeof item.keyExpiresAt === 'string' ? { expiresAt: item.keyExpiresAt } : {}),
  };
}
