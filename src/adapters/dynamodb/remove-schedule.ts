import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { getSchedule } from './get-schedule.ts';
import { isConditionFailed, type JobsTableRef } from './jobs-table.ts';
import { scheduleItemId } from './schedule-item.ts';

/** Deletes a schedule with this `declared` value; says why not otherwise. */
export async function removeSchedule(
  table: JobsTableRef,
  name: string,
  declared: boolean,
): Promise<'deleted' | 'missing' | 'refused'> {
  try {
    await table.client.send(
      new DeleteCommand({
        TableName: table.tableName,
        Key: { id: scheduleItemId(name) },
        ConditionExpression: 'attribute_exists(id) AND declared = :declared',
        ExpressionAttributeValues: { ':declared': declared },
      }),
    );
    return 'deleted';
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
    return (await getSchedule(table, name)) ? 'refused' : 'missing';
  }
}
