import type { DueJob } from '../../core/ports.ts';
import { type JobsTableRef, scheduledPartitions } from './jobs-table.ts';
import { queryScheduledIndex } from './query-scheduled-index.ts';

/**
 * Scheduled jobs due by `until`, soonest first, from the sparse scheduled index: reads only those.
 * Each partition gives its soonest `limit` at once; the soonest `limit` of them all are the answer.
 */
export async function listDueJobs(table: JobsTableRef, until: Date, limit: number): Promise<DueJob[]> {
  const pages = await Promise.all(
    scheduledPartitions().map((partition) => queryScheduledIndex(table, partition, { until, limit })),
  );
  return pages
    .flat()
    .map((item) => ({ id: String(item.id), type: String(item.type), runAt: String(item.runAt) }))
    .sort((a, b) => (a.runAt < b.runAt ? -1 : a.runAt > b.runAt ? 1 : a.id < b.id ? -1 : 1))
    .slice(0, limit);
}
