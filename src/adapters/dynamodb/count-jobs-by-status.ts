import type { JobStatus } from '../../core/status.ts';
import type { JobsTableRef } from './jobs-table.ts';
import { countByStatus } from './query-by-status.ts';

/** Counts one status through the byStatus index, every shard at once (each page reads up to 1 MB of keys). */
export async function countJobsByStatus(table: JobsTableRef, status: JobStatus): Promise<number> {
  return countByStatus(table, status);
}
