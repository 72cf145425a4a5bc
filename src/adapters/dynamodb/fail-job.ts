import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { JobError } from '../../core/job.ts';
import { isConditionFailed, type JobsTableRef } from './jobs-table.ts';

/**
 * Records a failed attempt, only if this attempt still owns the job. `pending` means another attempt
 * will follow (the error stays visible meanwhile); `failed` is final.
 */
export async function failJob(
  table: JobsTableRef,
  id: string,
  attempt: number,
  error: JobError,
  next: 'pending' | 'failed',
  now: Date,
): Promise<boolean> {
  const at = now.toISOString();
  const finished = next === 'failed' ? ', finishedAt = :at' : '';
  try {
    await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: { id },
        UpdateExpression: `SET #status = :next, #error = :error, updatedAt = :at${finished}`,
        ConditionExpression: '#status = :running AND attempts = :attempt',
        ExpressionAttributeNames: { '#status': 'status', '#error': 'error' },
        ExpressionAttributeValues: {
          ':next': next,
          ':running': 'running',
          ':error': error,
          ':attempt': attempt,
          ':at': at,
        },
      }),
    );
    return true;
  } catch (caught) {
    if (isConditionFailed(caught)) return false;
    throw caught;
  }
}
