import { type AttemptRecord, historyError, type JobError } from '../../core/job.ts';

/**
 * The SET clauses that close entry `index` of the attempt history, for the outcome write of that
 * attempt. The index comes from the claim's returned item, so the entry exists: the claim that
 * started this attempt appended it in the same write that took the job.
 */
export function closeHistoryEntry(
  index: number | undefined,
  outcome: NonNullable<AttemptRecord['outcome']>,
  at: string,
  error?: JobError,
): { readonly set: string; readonly values: Record<string, unknown> } {
  if (index === undefined || !Number.isInteger(index) || index < 0) return { set: '', values: {} };
  const entry = `history[${index}]`;
  return {
    set:
      `, ${entry}.finishedAt = :historyAt, ${entry}.outcome = :historyOutcome` +
      (error ? `, ${entry}.#historyError = :historyError` : ''),
    values: {
      ':historyAt': at,
      ':historyOutcome': outcome,
      ...(error ? { ':historyError': historyError(error) } : {}),
    },
  };
}
