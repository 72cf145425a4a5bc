import type { ChangedRange, JobSummary } from '../../core/ports.ts';
import type { JobStatus } from '../../core/status.ts';
import { changedQuery } from './changed-range.ts';
import { toJobSummary } from './job-item.ts';
import type { JobsTableRef } from './jobs-table.ts';
import { queryByStatus } from './query-by-status.ts';

/** Oldest change first, one index page (up to 1 MB) at a time as the caller iterates. */
export async function* listChangedJobs(
  table: JobsTableRef,
  status: JobStatus,
  range: ChangedRange = {},
): AsyncGenerator<JobSummary> {
  for await (const page of queryByStatus(table, status, changedQuery(range))) {
    for (const item of page.Items ?? []) yield toJobSummary(item);
  }
}
