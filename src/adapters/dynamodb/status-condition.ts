import { LIFECYCLE, type MoveName } from '../../core/lifecycle.ts';

/**
 * `#status IN (:from0, …)` for a move of the lifecycle table (src/core/lifecycle.ts), so the
 * adapter's conditional writes start from exactly the statuses the table lists. `#status` must be
 * mapped to `status` by the caller.
 */
export function statusCondition(move: MoveName): { expression: string; values: Record<string, string> } {
  const values = Object.fromEntries(LIFECYCLE[move].from.map((status, i) => [`:from${i}`, status]));
  return { expression: `#status IN (${Object.keys(values).join(', ')})`, values };
}
