import type { ScheduleStore } from '../../core/ports.ts';
import { advanceSchedule } from './advance-schedule.ts';
import { getSchedule } from './get-schedule.ts';
import {
  type JobsTableRef,
  SCHEDULE_ITEM_PREFIX,
  SCHEDULED_INDEX,
  SCHEDULES_PARTITION,
} from './jobs-table.ts';
import { listSchedules } from './list-schedules.ts';
import { queryScheduledIndex } from './query-scheduled-index.ts';
import { removeSchedule } from './remove-schedule.ts';
import { saveSchedule } from './save-schedule.ts';

/** The ScheduleStore port on the jobs table: each method one request (or a query and its reads). */
export function createDynamoScheduleStore(table: JobsTableRef): ScheduleStore {
  return {
    save: (schedule) => saveSchedule(table, schedule),
    get: (name) => getSchedule(table, name),
    list: () => listSchedules(table),
    remove: (name, declared) => removeSchedule(table, name, declared),
    listDue: async (until, limit) =>
      (await queryScheduledIndex(table, SCHEDULES_PARTITION, { until, limit })).map((item) => ({
        name: String(item.id).slice(SCHEDULE_ITEM_PREFIX.length),
        nextRunAt: String(item[SCHEDULED_INDEX.sortKey]),
      })),
    advance: (name, from, to, run) => advanceSchedule(table, name, from, to, run),
  };
}
