import { z } from 'zod';

/**
 * A job's priority names the queue it travels on. Each priority is a queue of its own with its own
 * event source and its own share of the worker's concurrency, so a backlog in one never delays the
 * jobs of another: a `high` job starts as soon as a `high` worker is free, whatever waits at `default`.
 */
export const PRIORITIES = ['high', 'default', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const DEFAULT_PRIORITY: Priority = 'default';

export const prioritySchema = z.enum(PRIORITIES, {
  error: `priority must be one of ${PRIORITIES.join(', ')}`,
});

export function isPriority(value: unknown): value is Priority {
  return typeof value === 'string' && (PRIORITIES as readonly string[]).includes(value);
}

/** One value per priority, e.g. a queue URL or a depth. */
export type PerPriority<T> = { readonly [P in Priority]: T };

export function perPriority<T>(make: (priority: Priority) => T): PerPriority<T> {
  return { high: make('high'), default: make('default'), low: make('low') };
}
