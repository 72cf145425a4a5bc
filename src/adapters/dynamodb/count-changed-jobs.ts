import type { ChangedRange } from '../../core/ports.ts';
import type { JobStatus } from '../../core/status.ts';
import { changedQuery } from './changed-range.ts';
import type { JobsTableRef } from './jobs-table.ts';
import { queryByStatus } from './query-by-status.ts';

/** Counts through the byStatus index, reading only the keys in the range. */
export async function countChangedJobs(
  table: JobsTableRef,
  status: JobStatus,
  range: ChangedRange = {},
): Promise<number> {
  let count = 0;
  for await (const page of queryByStatus(table, status, { ...changedQuery(range), select: 'COUNT' }))
    count += page.Count ?? 0;
  return count;
}
