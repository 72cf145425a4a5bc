import type { JobMessage } from '../job.ts';
import { holdMessage, holdSeconds, type LimitCheck, limitChecks, type TypeLimits } from '../limits.ts';
import type { RunJobDeps, RunOutcome } from './run-job.ts';

/** What the limits say about one delivery: it may start (holding its slots), or it was held back. */
export type Admission =
  | {
      readonly kind: 'admitted';
      /**
       * When the job starts: read after its slots were taken (so its startedAt never precedes the
       * end of the job whose slot it took) and the instant its rate counted (so its startedAt falls
       * in the second it was counted in).
       */
      readonly startAt: Date;
      /** Extends the slots' lease with the job's (its heartbeat). */
      readonly renew: (leaseUntil: Date) => Promise<void>;
      /** Frees the slots: once the outcome is written, or at once if the claim found nothing to run. */
      readonly release: () => Promise<void>;
    }
  | { readonly kind: 'held'; readonly outcome: RunOutcome };

/**
 * Takes what the job's limits ask, in order (the type's slot, its key's slot, its key's rate), for
 * this delivery until `leaseUntil`. The slots are held by the delivery, not the job, so a duplicate
 * delivery never frees the slot of the one that runs; a worker that dies frees its slots when their
 * lease lapses. The first limit that is full frees what was taken and holds the job back.
 */
export async function passLimits(
  deps: Pick<RunJobDeps, 'limits' | 'store' | 'holds' | 'random' | 'clock'>,
  spec: TypeLimits | undefined,
  message: JobMessage,
  leaseUntil: Date,
  now: Date,
): Promise<Admission> {
  const { limits } = deps;
  const checks = limitChecks(spec, message.type, message.limitKey);
  if (!limits || checks.length === 0)
    return { kind: 'admitted', startAt: now, renew: async () => {}, release: async () => {} };
  const holder = `${message.id}:${globalThis.crypto.randomUUID()}`;
  const taken: string[] = [];
  const release = async () => {
    await Promise.all(taken.map((name) => limits.release(name, holder).catch(() => undefined)));
  };
  let startAt = now;
  for (const check of checks) {
    // Rates come last (limitChecks): the instant a rate counts is the job's start.
    if (check.kind === 'rate') startAt = deps.clock.now();
    const passed =
      check.kind === 'slots'
        ? await limits.acquire(check.name, holder, check.max, leaseUntil, now)
        : await limits.takeRate(check.name, check.max, startAt);
    if (passed) {
      if (check.kind === 'slots') taken.push(check.name);
      continue;
    }
    await release();
    return { kind: 'held', outcome: await holdBack(deps, message, check, now) };
  }
  if (taken.length > 0 && checks.at(-1)?.kind !== 'rate') startAt = deps.clock.now();
  return {
    kind: 'admitted',
    startAt,
    renew: async (lease) => {
      await Promise.all(taken.map((name) => limits.renew(name, holder, lease)));
    },
    release,
  };
}

/**
 * Records the hold on the job (still pending, no attempt counted) and says when its next message is
 * due. A job that is not pending any more (a duplicate of a running one, finished, gone) needs none.
 */
async function holdBack(
  deps: Pick<RunJobDeps, 'store' | 'holds' | 'random'>,
  message: JobMessage,
  check: LimitCheck,
  now: Date,
): Promise<RunOutcome> {
  const holds = message.holds ?? 0;
  const delaySeconds = holdSeconds(check.reason, holds, deps.random);
  const job = await deps.store.holdBack(message.id, {
    reason: check.reason,
    message: holdMessage(check, message.type, message.limitKey),
    at: now,
    until: new Date(now.getTime() + delaySeconds * 1000),
  });
  if (!job) return { kind: 'duplicate' };
  // Only a count for the stats: losing one is no reason to run the job differently.
  await deps.holds?.add(message.type, now).catch(() => undefined);
  return { kind: 'heldBack', delaySeconds, message: { ...message, holds: holds + 1 } };
}
