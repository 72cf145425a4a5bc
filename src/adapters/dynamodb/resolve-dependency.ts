import type { Job } from '../../core/job.ts';
import type { FinishedStatus } from '../../core/stats/window.ts';
import type { JobsTableRef } from './jobs-table.ts';
import { updateJobIf } from './update-job-if.ts';

/**
 * Records one dependency's outcome on a waiting job and counts it down. The outcome's absence is the
 * condition, so a second report of the same dependency (its final write's and the sweeper's, say)
 * changes nothing. `updatedAt` is left alone: the byStatus index is not written.
 */
export async function resolveDependency(
  table: JobsTableRef,
  id: string,
  dependency: string,
  outcome: FinishedStatus,
): Promise<Job | undefined> {
  return updateJobIf(table, id, {
    expression: 'SET dependencyOutcomes.#dependency = :outcome ADD dependenciesLeft :minusOne',
    condition:
      '#status = :waiting AND contains(dependsOn, :dependency) AND attribute_not_exists(dependencyOutcomes.#dependency)',
    names: { '#dependency': dependency },
    values: { ':waiting': 'waiting', ':dependency': dependency, ':outcome': outcome, ':minusOne': -1 },
  });
}
