import { expirySet } from './expiry.ts';
import type { JobsTableRef } from './jobs-table.ts';
import { finalStatusCondition } from './status-condition.ts';
import { updateJobIf } from './update-job-if.ts';

/** A finished job kept for unfinished dependents: they join `keptBy`, and its TTL is taken away. */
export async function keepJob(table: JobsTableRef, id: string, dependents: readonly string[]): Promise<void> {
  if (dependents.length === 0) return;
  const final = finalStatusCondition();
  await updateJobIf(table, id, {
    expression: 'ADD keptBy :dependents REMOVE expiresAt',
    condition: final.expression,
    values: { ':dependents': new Set(dependents), ...final.values },
  });
}

/**
 * A dependent finished. When it was the only keeper (the usual case) one write takes it off and
 * gives the job its expiry back. Otherwise it is deleted from the set; DynamoDB drops a set that a
 * DELETE empties, so when a racing keeper left meanwhile `keptBy` is gone and a second write sets
 * the expiry.
 */
export async function unkeepJob(
  table: JobsTableRef,
  id: string,
  dependent: string,
  expiresAt: Date,
): Promise<void> {
  const final = finalStatusCondition();
  const expiry = expirySet(expiresAt);
  const alone = await updateJobIf(table, id, {
    expression: `REMOVE keptBy SET ${expiry.set.slice(2)}`,
    condition: `${final.expression} AND size(keptBy) = :one AND contains(keptBy, :dependent) AND attribute_not_exists(expiresAt)`,
    values: { ':one': 1, ':dependent': dependent, ...expiry.values, ...final.values },
  });
  if (alone) return;
  const kept = await updateJobIf(table, id, {
    expression: 'DELETE keptBy :dependent',
    condition: 'attribute_exists(keptBy)',
    values: { ':dependent': new Set([dependent]) },
  });
  if (!kept) return;
  await updateJobIf(table, id, {
    expression: `SET ${expiry.set.slice(2)}`,
    condition: `${final.expression} AND attribute_not_exists(keptBy) AND attribute_not_exists(expiresAt)`,
    values: { ...expiry.values, ...final.values },
  });
}
