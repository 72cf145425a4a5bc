import type { JobStore } from '../ports.ts';
import type { StatusCounts } from '../stats.ts';
import { JOB_STATUSES } from '../status.ts';

/** Live counts of every status, queried in parallel. */
export async function countJobs(store: JobStore): Promise<StatusCounts> {
  const counts = await Promise.all(JOB_STATUSES.map((status) => store.countByStatus(status)));
  return Object.fromEntries(JOB_STATUSES.map((status, i) => [status, counts[i] ?? 0])) as StatusCounts;
}
