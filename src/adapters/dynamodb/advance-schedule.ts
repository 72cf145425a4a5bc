import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ScheduleRun } from '../../core/ports.ts';
import { isConditionFailed, type JobsTableRef, SCHEDULED_INDEX } from './jobs-table.ts';
import { scheduleItemId } from './schedule-item.ts';

/** A firing done: the next run moved on from the one it read, with what the firing did. */
export async function advanceSchedule(
  table: JobsTableRef,
  name: string,
  from: string,
  to: string,
  run: ScheduleRun,
): Promise<boolean> {
  const outcome = run.jobId
    ? { set: 'lastJobId = :outcome', remove: 'lastError' }
    : { set: 'lastError = :outcome', remove: 'lastJobId' };
  try {
    await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: { id: scheduleItemId(name) },
        UpdateExpression: `SET #runAt = :to, lastRunAt = :at, ${outcome.set} REMOVE ${outcome.remove}`,
        ConditionExpression: '#runAt = :from',
        ExpressionAttributeNames: { '#runAt': SCHEDULED_INDEX.sortKey },
        ExpressionAttributeValues: {
          ':from': from,
          ':to': to,
          ':at': run.at,
          ':outcome': run.jobId ?? run.error ?? '',
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}
