import { BatchGetCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { Schedule } from '../../core/schedule/schedule.ts';
import type { JobsTableRef } from './jobs-table.ts';
import { querySchedules } from './query-schedules.ts';
import { fromScheduleItem } from './schedule-item.ts';

const MAX_KEYS = 100;

/** Every schedule, by name: their ids from the index, then the items (100 to a BatchGetItem). */
export async function listSchedules(table: JobsTableRef): Promise<Schedule[]> {
  const ids = (await querySchedules(table)).map((item) => String(item.id));
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
