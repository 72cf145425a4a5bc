import type { Job } from '../../core/job.ts';
import { getItems } from './get-items.ts';
import { fromJobItem } from './job-item.ts';
import { isOtherItemId, type JobsTableRef } from './jobs-table.ts';

/** Many jobs by id, strongly consistent (a dependency's final status must not be read stale). */
export async function getJobs(table: JobsTableRef, ids: readonly string[]): Promise<Job[]> {
  return (
    await getItems(
      table,
      ids.filter((id) => !isOtherItemId(id)),
    )
  ).map(fromJobItem);
}
