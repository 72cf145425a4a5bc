import type { JobStatus } from '../../core/status.ts';
import type { JobsTableRef } from './jobs-table.ts';
import { queryByStatus } from './query-by-status.ts';

/** Counts one status through the byStatus index, page by page (each page reads up to 1 MB of keys). */
export async function countJobsByStatus(table: JobsTableRef, status: JobStatus): Promise<number> {
  let count = 0;
  for await (const page of queryByStatus(table, status, { select: 'COUNT' })) count += page.Count ?? 0;
  return count;
}
