import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Schedule } from '../../core/schedule/schedule.ts';
import { isConditionFailed, type JobsTableRef } from './jobs-table.ts';
import { toScheduleItem } from './schedule-item.ts';

/** Writes a schedule unless one of its name was declared where this one is not (or the reverse). */
export async function saveSchedule(
  table: JobsTableRef,
  schedule: Schedule,
): Promise<'created' | 'updated' | 'refused'> {
  try {
    const { Attributes } = await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: toScheduleItem(schedule),
        ConditionExpression: 'attribute_not_exists(id) OR declared = :declared',
        ExpressionAttributeValues: { ':declared': schedule.declared },
        ReturnValues: 'ALL_OLD',
      }),
    );
    return Attributes ? 'updated' : 'created';
  } catch (error) {
    if (isConditionFailed(error)) return 'refused';
    throw error;
  }
}
