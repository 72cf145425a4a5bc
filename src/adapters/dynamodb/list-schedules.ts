import type { Schedule } from '../../core/schedule/schedule.ts';
import { getItems } from './get-items.ts';
import { type JobsTableRef, SCHEDULES_PARTITION } from './jobs-table.ts';
import { queryScheduledIndex } from './query-scheduled-index.ts';
import { fromScheduleItem } from './schedule-item.ts';

/** Every schedule, by name: their ids from the index, then the items (100 to a BatchGetItem). */
export async function listSchedules(table: JobsTableRef): Promise<Schedule[]> {
  const ids = (await queryScheduledIndex(table, SCHEDULES_PARTITION)).map((item) => String(item.id));
  return (await getItems(table, ids)).map(fromScheduleItem).sort((a, b) => a.name.localeCompare(b.name));
}
