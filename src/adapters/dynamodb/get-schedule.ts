import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Schedule } from '../../core/schedule/schedule.ts';
import type { JobsTableRef } from './jobs-table.ts';
import { fromScheduleItem, scheduleItemId } from './schedule-item.ts';

export async function getSchedule(table: JobsTableRef, name: string): Promise<Schedule | undefined> {
  const { Item } = await table.client.send(
    new GetCommand({ TableName: table.tableName, Key: { id: scheduleItemId(name) }, ConsistentRead: true }),
  );
  return Item ? fromScheduleItem(Item) : undefined;
}
