import { z } from 'zod';
import { SqsJobsError } from './errors.ts';
import type { Job } from './job.ts';
import { isTerminal } from './status.ts';

/**
 * Idempotency keys: a submission may carry a key (`idempotencyKey`, or the `Idempotency-Key` header);
 * the same key submitted again returns the first job instead of creating another. What a key does
 * while it is held depends on its job type's mode:
 *
 * | the key's first job is … | `window` (default)                  | `untilFinished`                       |
 * | ------------------------ | ----------------------------------- | ------------------------------------- |
 * | unfinished               | same request: that job; else 409    | same request: that job; else 409      |
 * | finished                 | same request: that job; else 409    | a new job, which takes the key        |
 * | past the window          | a new job, which takes the key      | (no window: held until finished)      |
 * | gone (its submit failed) | a new job, which takes the key      | a new job, which takes the key        |
 *
 * "Same request" means the same type, payload, maxAttempts and start (a fingerprint of them).
 */

export const IDEMPOTENCY_MODES = ['window', 'untilFinished'] as const;
export type IdempotencyMode = (typeof IDEMPOTENCY_MODES)[number];

/** How long a key holds in `window` mode, unless the job type says otherwise: a day. */
export const DEFAULT_IDEMPOTENCY_WINDOW_SECONDS = 24 * 60 * 60;
/** The longest window a job type may ask for: 30 days. */
export const MAX_IDEMPOTENCY_WINDOW_SECONDS = 30 * 24 * 60 * 60;

/** A job type's idempotency settings (`idempotency` on its definition). */
export interface IdempotencyPolicy {
  /** @default 'window' */
  readonly mode?: IdempotencyMode;
  /** How long a key holds in `window` mode, 1 s to 30 days. @default 86400 (a day) */
  readonly windowSeconds?: number;
}

/** An idempotency key as sent: 1–255 printable characters. */
export const idempotencyKeySchema = z
  .string()
  .min(1, 'idempotencyKey must not be empty')
  .max(255, 'idempotencyKey is at most 255 characters')
  .regex(/^[\x20-\x7e]+$/, 'idempotencyKey holds printable ASCII characters only');

/** Who holds a key: the job it was taken for, and what that job's request was. */
export interface KeyEntry {
  readonly key: string;
  readonly jobId: string;
  /** The fingerprint of the request that took the key (see fingerprintOf). */
  readonly fingerprint: string;
  readonly mode: IdempotencyMode;
  /** When the key frees by itself (`window` mode); none in `untilFinished` mode. */
  readonly expiresAt?: string;
}

/** A held key submitted again with a different request. */
export class IdempotencyKeyReusedError extends SqsJobsError {
  constructor(key: string, jobId: string) {
    super(
      'IdempotencyKeyReused',
      `Idempotency key "${key}" was used for job ${jobId} with a different request; use a new key for a new job.`,
      { idempotencyKey: key, id: jobId },
    );
  }
}

/** A key kept changing hands while this submission looked at it (many racing submissions). */
export class IdempotencyKeyBusyError extends SqsJobsError {
  constructor(key: string) {
    super('IdempotencyKeyBusy', `Idempotency key "${key}" is being taken by other submissions; try again.`, {
      idempotencyKey: key,
    });
  }
}

/** The entry a new job takes for its key, under its type's policy. */
export function keyEntry(
  key: string,
  jobId: string,
  fingerprint: string,
  policy: IdempotencyPolicy | undefined,
  now: Date,
): KeyEntry {
  const mode = policy?.mode ?? 'window';
  if (mode === 'untilFinished') return { key, jobId, fingerprint, mode };
  const windowSeconds = policy?.windowSeconds ?? DEFAULT_IDEMPOTENCY_WINDOW_SECONDS;
  return {
    key,
    jobId,
    fingerprint,
    mode,
    expiresAt: new Date(now.getTime() + windowSeconds * 1000).toISOString(),
  };
}

/** What a submission with a held key gets: the holder's job, a new job in its place, or a 409. */
export type KeyDecision = 'duplicate' | 'replace' | 'conflict';

/** The state table above, for a held key, its holder's job as it is now, and this request's fingerprint. */
export function decideKey(holder: KeyEntry, holderJob: Job | undefined, fingerprint: string): KeyDecision {
  // Its submission was rolled back (or the job expired): the key holds nothing.
  if (!holderJob) return 'replace';
  if (holder.mode === 'untilFinished' && isTerminal(holderJob.status)) return 'replace';
  return holder.fingerprint === fingerprint ? 'duplicate' : 'conflict';
}

/** Whether a key entry has freed by itself at `now`. */
export function isExpired(entry: Pick<KeyEntry, 'expiresAt'>, now: Date): boolean {
  return entry.expiresAt !== undefined && Date.parse(entry.expiresAt) <= now.getTime();
}
