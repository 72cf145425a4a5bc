import type { JobSummary } from '../ports.ts';
import { type FailureRecord, LAST_FAILURES_KEPT } from '../stats.ts';

/** A pending job holding an error and a due time is a failed attempt waiting for its automatic retry. */
export function isRetrying(job: Pick<JobSummary, 'status' | 'error' | 'nextAttemptAt'>): boolean {
  return job.status === 'pending' && job.error !== undefined && job.nextAttemptAt !== undefined;
}

/** The failed attempt a failed (retried: false) or retrying (retried: true) job records. */
export function failureOf(job: JobSummary): FailureRecord {
  return {
    id: job.id,
    type: job.type,
    error: job.error ?? { name: 'Error', message: 'No error was recorded.' },
    at: job.updatedAt,
    attempt: job.attempts,
    retried: job.status !== 'failed',
  };
}

const newestFirst = (a: FailureRecord, b: FailureRecord) =>
  b.at.localeCompare(a.at) || a.id.localeCompare(b.id);

/** Newest first, one entry per attempt, at most `max`. */
export function mergeFailures(
  lists: readonly (readonly FailureRecord[])[],
  max: number = LAST_FAILURES_KEPT,
): FailureRecord[] {
  const seen = new Set<string>();
  const merged: FailureRecord[] = [];
  for (const failure of lists.flat().sort(newestFirst)) {
    const key = `${failure.id}/${failure.attempt}/${failure.at}`;
    if (seen.has(key)) continue;
    seen.add(key);
    merged.push(failure);
    if (merged.length >= max) break;
  }
  return merged;
}
