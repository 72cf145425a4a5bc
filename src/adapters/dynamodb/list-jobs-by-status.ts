import type { JobSummary } from '../../core/ports.ts';
import type { JobStatus } from '../../core/status.ts';
import { toJobSummary } from './job-item.ts';
import type { JobsTableRef } from './jobs-table.ts';
import { queryByStatus } from './query-by-status.ts';

/** Oldest first, through the byStatus index; reads only as far as `limit`. */
export async function listJobsByStatus(
  table: JobsTableRef,
  status: JobStatus,
  before: Date,
  limit: number,
): Promise<JobSummary[]> {
  const jobs: JobSummary[] = [];
  for await (const page of queryByStatus(table, status, { updatedBefore: before, pageSize: limit })) {
    for (const item of page.Items ?? []) {
      jobs.push(toJobSummary(item));
      if (jobs.length >= limit) return jobs;
    }
  }
  return jobs;
}
