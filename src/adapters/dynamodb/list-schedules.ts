import { BatchGetCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { Schedule } from '../../core/schedule/schedule.ts';
import { type JobsTableRef, SCHEDULES_PARTITION } from './jobs-table.ts';
import { queryScheduledIndex } from './query-scheduled-index.ts';
import { fromScheduleItem } from './schedule-item.ts';

const MAX_KEYS = 100;

/** Every schedule, by name: their ids from the index, then the items (100 to a BatchGetItem). */
export async function listSchedules(table: JobsTableRef): Promise<Schedule[]> {
  const ids = (await queryScheduledIndex(table, SCHEDULES_PARTITION)).map((item) => String(item.id));
  const schedules: Schedule[] = [];
  for (let start = 0; start < ids.length; start += MAX_KEYS) {
    let keys: Record<string, unknown>[] | undefined = ids
      .slice(start, start + MAX_KEYS)
      .map((id) => ({ id }));
    for (let round = 0; keys && keys.length > 0 && round < 5; round += 1) {
      const response: BatchGetCommandOutput = await table.client.send(
        new BatchGetCommand({ RequestItems: { [table.tableName]: { Keys: keys, ConsistentRead: true } } }),
      );
      schedules.push(...(response.Responses?.[table.tableName] ?? []).map(fromScheduleItem));
      keys = response.UnprocessedKeys?.[table.tableName]?.Keys;
    }
  }
  return schedules.sort((a, b) => a.name.localeCompare(b.name));
}
