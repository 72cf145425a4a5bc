import { LIFECYCLE, type MoveName } from '../../core/lifecycle.ts';
import { TERMINAL_STATUSES } from '../../core/status.ts';

/**
 * `#status IN (:from0, …)` for a move of the lifecycle table (src/core/lifecycle.ts), so the
 * adapter's conditional writes start from exactly the statuses the table lists. `#status` must be
 * mapped to `status` by the caller.
 */
export function statusCondition(move: MoveName): { expression: string; values: Record<string, string> } {
  const values = Object.fromEntries(LIFECYCLE[move].from.map((status, i) => [`:from${i}`, status]));
  return { expression: `#status IN (${Object.keys(values).join(', ')})`, values };
}

/**
 * `#status IN (:final0, …)`: the job has ended (completed, failed or canceled), for the writes that
 * only apply to a finished job or only to one that has not finished. `#status` as above.
 */
export function finalStatusCondition(): { expression: string; values: Record<string, string> } {
  const values = Object.fromEntries(TERMINAL_STATUSES.map((status, i) => [`:final${i}`, status]));
  return { expression: `#status IN (${Object.keys(values).join(', ')})`, values };
}
