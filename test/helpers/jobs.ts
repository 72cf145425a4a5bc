import { randomUUID } from 'node:crypto';
import { type Job, newJob } from '../../src/core/job.ts';
import type { JsonObject } from '../../src/core/json.ts';
import type { Priority } from '../../src/core/priority.ts';

export const T0 = new Date('2026-01-01T00:00:00.000Z');

export function aJob(
  overrides: {
    type?: string;
    payload?: JsonObject;
    maxAttempts?: number;
    now?: Date;
    /** A later start: the job is `scheduled` when `scheduled` is set, else pending with a delay. */
    runAt?: Date;
    scheduled?: boolean;
    priority?: Priority;
    limitKey?: string;
  } = {},
): Job {
  return newJob({
    id: randomUUID(),
    type: overrides.type ?? 'noop',
    payload: overrides.payload ?? {},
    maxAttempts: overrides.maxAttempts ?? 3,
    now: overrides.now ?? T0,
    ...(overrides.runAt ? { runAt: overrides.runAt } : {}),
    ...(overrides.scheduled ? { status: 'scheduled' as const } : {}),
    ...(overrides.priority ? { priority: overrides.priority } : {}),
    ...(overrides.limitKey ? { limitKey: overrides.limitKey } : {}),
  });
}

export function later(seconds: number, from: Date = T0): Date {
  return new Date(from.getTime() + seconds * 1000);
}
