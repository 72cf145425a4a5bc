import { fingerprintOf } from '../fingerprint.ts';
import { decideKey, IdempotencyKeyBusyError, IdempotencyKeyReusedError, keyEntry } from '../idempotency.ts';
import type { Job } from '../job.ts';
import type { Clock, IdempotencyKeys, JobStore } from '../ports.ts';
import { DEFAULT_PRIORITY } from '../priority.ts';
import type { SpecRegistry } from '../registry.ts';
import type { Submission } from '../submission.ts';

/** A new job may go ahead with its key, or the key's first job is the answer. */
export type KeyOutcome = { readonly kind: 'admitted' } | { readonly kind: 'duplicate'; readonly job: Job };

/** Rounds of "look at the holder, try to take the key over" before giving up under contention. */
const MAX_ROUNDS = 5;

/**
 * Takes a submission's idempotency key for its new job, whose record is already written: so whoever
 * holds a key has a job anyone can read. Returns the first job for a duplicate; throws
 * IdempotencyKeyReusedError (409) for a held key sent with another request. The caller removes its
 * new record unless it was admitted.
 */
export async function admitKey(
  deps: {
    readonly keys: IdempotencyKeys;
    readonly store: JobStore;
    readonly specs: SpecRegistry;
    readonly clock: Clock;
  },
  submission: Submission & { readonly idempotencyKey: string },
  job: Job,
): Promise<KeyOutcome> {
  const key = submission.idempotencyKey;
  const fingerprint = requestFingerprint(submission);
  const entry = keyEntry(
    key,
    job.id,
    fingerprint,
    deps.specs[submission.type]?.idempotency,
    deps.clock.now(),
  );
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const holder = await deps.keys.reserve(entry, deps.clock.now());
    if (!holder) return { kind: 'admitted' };
    const holderJob = await deps.store.get(holder.jobId);
    const decision = decideKey(holder, holderJob, fingerprint);
    if (decision === 'duplicate' && holderJob) return { kind: 'duplicate', job: holderJob };
    if (decision === 'conflict') throw new IdempotencyKeyReusedError(key, holder.jobId);
    // The holder's job is finished (untilFinished) or gone: take the key over, unless another did.
    if (await deps.keys.replace(entry, holder.jobId)) return { kind: 'admitted' };
  }
  throw new IdempotencyKeyBusyError(key);
}

/** What makes two submissions "the same request": everything but the key itself. */
export function requestFingerprint(submission: Submission): string {
  const { type, payload, maxAttempts, timing, priority } = submission;
  // The default priority leaves no trace, so keys taken before priorities existed keep their fingerprint.
  return fingerprintOf({
    type,
    payload,
    maxAttempts,
    ...(timing ? { timing: { ...timing } } : {}),
    ...(priority === DEFAULT_PRIORITY ? {} : { priority }),
  });
}
