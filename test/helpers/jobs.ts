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
    /** Dependencies: the job is `waiting` for them unless every one has an outcome here. */
    dependsOn?: readonly string[];
    outcomes?: Readonly<Record<string, 'completed' | 'failed' | 'canceled'>>;
    policy?: 'fail' | 'skip' | 'run';
    dependents?: readonly string[];
  } = {},
): Job {
  const dependencies = overrides.dependsOn && {
    dependsOn: overrides.dependsOn,
    policy: overrides.policy ?? ('fail' as const),
    outcomes: overrides.outcomes ?? {},
  };
  const waits = dependencies?.dependsOn.some((id) => !dependencies.outcomes[id]);
  return newJob({
    id: randomUUID(),
    type: overrides.type ?? 'noop',
    payload: overrides.payload ?? {},
    maxAttempts: overrides.maxAttempts ?? 3,
    now: overrides.now ?? T0,
    ...(overrides.runAt ? { runAt: overrides.runAt } : {}),
    ...(overrides.scheduled ? { status: 'scheduled' as const } : {}),
    ...(waits ? { status: 'waiting' as const } : {}),
    ...(dependencies ? { dependencies } : {}),
    ...(overrides.dependents ? { dependents: overrides.dependents } : {}),
    ...(overrides.priority ? { priority: overrides.priority } : {}),
    ...(overrides.limitKey ? { limitKey: overrides.limitKey } : {}),
  });
}

export function later(seconds: number, from: Date = T0): Date {
  return new Date(from.getTime() + seconds * 1000);
}
