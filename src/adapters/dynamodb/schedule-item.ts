import type { JsonObject } from '../../core/json.ts';
import { isPriority } from '../../core/priority.ts';
import type { Schedule } from '../../core/schedule/schedule.ts';
import { SCHEDULE_ITEM_PREFIX, SCHEDULED_INDEX, SCHEDULES_PARTITION } from './jobs-table.ts';

export function scheduleItemId(name: string): string {
  return `${SCHEDULE_ITEM_PREFIX}${name}`;
}

/** A schedule as stored: in the scheduled index's schedules partition, by its next run (`runAt`). */
export function toScheduleItem(schedule: Schedule): Record<string, unknown> {
  const { nextRunAt, ...rest } = schedule;
  return {
    ...rest,
    id: scheduleItemId(schedule.name),
    [SCHEDULED_INDEX.partitionKey]: SCHEDULES_PARTITION,
    [SCHEDULED_INDEX.sortKey]: nextRunAt,
  };
}

export function fromScheduleItem(item: Record<string, unknown>): Schedule {
  const text = (key: string) => (typeof item[key] === 'string' ? { [key]: item[key] as string } : {});
  return {
    name: String(item.name),
    schedule: String(item.schedule),
    ...text('timezone'),
    type: String(item.type),
    payload: (item.payload ?? {}) as JsonObject,
    ...(item.maxAttempts !== undefined ? { maxAttempts: Number(item.maxAttempts) } : {}),
    ...(isPriority(item.priority) ? { priority: item.priority } : {}),
    nextRunAt: String(item[SCHEDULED_INDEX.sortKey]),
    ...text('lastRunAt'),
    ...text('lastJobId'),
    ...text('lastError'),
    declared: item.declared === true,
    createdAt: String(item.createdAt),
    updatedAt: String(item.updatedAt),
  };
}
