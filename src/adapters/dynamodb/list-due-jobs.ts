import type { DueJob } from '../../core/ports.ts';
import { type JobsTableRef, SCHEDULED_INDEX } from './jobs-table.ts';
import { queryScheduledIndex } from './query-scheduled-index.ts';

/** Scheduled jobs due by `until`, soonest first, from the sparse scheduled index: reads only those. */
export async function listDueJobs(table: JobsTableRef, until: Date, limit: number): Promise<DueJob[]> {
  const items = await queryScheduledIndex(table, SCHEDULED_INDEX.partition, { until, limit });
  return items.map((item) => ({ id: String(item.id), type: String(item.type), runAt: String(item.runAt) }));
}
