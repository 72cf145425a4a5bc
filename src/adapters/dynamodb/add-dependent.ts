import type { AddDependentResult } from '../../core/ports.ts';
import { getJob } from './get-job.ts';
import type { JobsTableRef } from './jobs-table.ts';
import { finalStatusCondition } from './status-condition.ts';
import { updateJobIf } from './update-job-if.ts';

/**
 * Adds a dependent to a job that has not ended. The job's own final write and this one are on the
 * same item, so one of two things holds: this write came first (the final write returns the job with
 * its dependents, and its writer tells them), or it is refused and the job read after it is final.
 */
export async function addDependent(
  table: JobsTableRef,
  id: string,
  dependent: string,
): Promise<AddDependentResult> {
  const final = finalStatusCondition();
  const added = await updateJobIf(table, id, {
    expression: 'ADD dependents :dependent',
    condition: `attribute_exists(id) AND NOT (${final.expression})`,
    values: { ':dependent': new Set([dependent]), ...final.values },
  });
  if (added) return { kind: 'added' };
  const job = await getJob(table, id);
  return job ? { kind: 'finished', job } : { kind: 'missing' };
}
