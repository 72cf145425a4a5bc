/**
 * When a job may start: the time rules of delayed and scheduled jobs, with no clock of their own
 * (every function takes `now`), so they are tested with a fixed one.
 *
 * A submission may name `delaySeconds` or `runAt`. A start within the horizon (SQS's longest
 * DelaySeconds, 15 minutes) goes on the queue at once as a delayed message; a later one is stored
 * `scheduled` and the sweeper, which runs every minute, promotes it once its time is within
 * PROMOTE_AHEAD_SECONDS, sending a message delayed to the second. The claim refuses any delivery
 * before `runAt`, so no path starts a job early.
 */

import { ValidationError } from './errors.ts';

/** The longest SQS DelaySeconds: the horizon beyond which a job is stored `scheduled`. */
export const MAX_QUEUE_DELAY_SECONDS = 900;

/** The furthest ahead a job may be scheduled (a year). */
export const MAX_DELAY_SECONDS = 365 * 24 * 60 * 60;

/**
 * How far ahead of its `runAt` the sweeper promotes a scheduled job. Three of its one-minute ticks,
 * so one failed tick still leaves the job on time; at most MAX_QUEUE_DELAY_SECONDS.
 */
export const PROMOTE_AHEAD_SECONDS = 180;

/** When a submission asked to start: after a delay, or at a time. */
export type Timing = { readonly delaySeconds: number } | { readonly runAt: string };

/** Where a new job goes: on the queue with a delay (0 when due now), or stored until its time nears. */
export type Placement =
  | { readonly status: 'pending'; readonly delaySeconds: number }
  | { readonly status: 'scheduled' };

/**
 * The start a timing names, or undefined for "as soon as possible". A `runAt` in the past means now
 * (it is kept, and the job starts at once); one more than a year ahead is refused, as a delay that
 * long is.
 */
export function runAtOf(timing: Timing | undefined, now: Date): Date | undefined {
  if (!timing) return undefined;
  if ('delaySeconds' in timing) {
    return timing.delaySeconds > 0 ? new Date(now.getTime() + timing.delaySeconds * 1000) : undefined;
  }
  const runAt = new Date(timing.runAt);
  if (runAt.getTime() - now.getTime() > MAX_DELAY_SECONDS * 1000)
    throw new ValidationError(`runAt ${timing.runAt} is more than a year ahead.`, { field: 'runAt' });
  return runAt;
}

/** Whole seconds from `now` until `runAt`, rounded up (never early), 0 when due. */
export function secondsUntil(runAt: Date | string | undefined, now: Date): number {
  if (runAt === undefined) return 0;
  const at = typeof runAt === 'string' ? Date.parse(runAt) : runAt.getTime();
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

/**
 * A job due within `horizonSeconds` is queued with a delay; a later one is `scheduled`.
 * @param horizonSeconds 1–900; shorter only to test the scheduled path without waiting 15 minutes.
 */
export function placement(
  runAt: Date | undefined,
  now: Date,
  horizonSeconds: number = MAX_QUEUE_DELAY_SECONDS,
): Placement {
  const wait = secondsUntil(runAt, now);
  return wait > Math.min(horizonSeconds, MAX_QUEUE_DELAY_SECONDS)
    ? { status: 'scheduled' }
    : { status: 'pending', delaySeconds: wait };
}

/** Whether a job with this `runAt` may start at `now`. */
export function isDue(runAt: string | undefined, now: Date): boolean {
  return runAt === undefined || Date.parse(runAt) <= now.getTime();
}

/** The latest `runAt` the sweeper promotes at `now`. */
export function promoteUntil(now: Date): Date {
  return new Date(now.getTime() + PROMOTE_AHEAD_SECONDS * 1000);
}
