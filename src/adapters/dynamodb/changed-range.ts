import type { ChangedRange } from '../../core/ports.ts';
import type { ByStatusQuery } from './query-by-status.ts';

/** A ChangedRange as a byStatus query: a key range on updatedAt, and the retrying filter. */
export function changedQuery(range: ChangedRange): ByStatusQuery {
  return {
    ...(range.after ? { updatedAfter: range.after } : {}),
    ...(range.until ? { updatedUntil: range.until } : {}),
    // The same rule as isRetrying (core/stats/failures.ts), on a pending job.
    ...(range.retryingOnly
      ? {
          filter: {
            expression: 'attribute_exists(#error) AND attribute_exists(nextAttemptAt)',
            names: { '#error': 'error' },
          },
        }
      : {}),
  };
}
