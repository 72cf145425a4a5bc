import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { JobError } from '../../core/job.ts';
import type { FailNext } from '../../core/ports.ts';
import { isConditionFailed, type JobsTableRef } from './jobs-table.ts';

/**
 * Records a failed attempt, only if this attempt still owns the job. `pending` means another attempt
 * will follow at `retryAt` (the error stays visible meanwhile); `failed` is final.
 */
export async function failJob(
  table: JobsTableRef,
  id: string,
  attempt: number,
  error: JobError,
  next: FailNext,
  now: Date,
): Promise<boolean> {
  const at = now.toISOString();
  const retry = next.status === 'pending';
  try {
    await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: { id },
        UpdateExpression: retry
          ? 'SET #status = :next, #error = :error, updatedAt = :at, nextAttemptAt = :retryAt REMOVE leaseExpiresAt'
          : 'SET #status = :next, #error = :error, updatedAt = :at, finishedAt = :at REMOVE leaseExpiresAt',
        ConditionExpression: '#status = :running AND attempts = :attempt',
        ExpressionAttributeNames: { '#status': 'status', '#error': 'error' },
        ExpressionAttributeValues: {
          ':next': next.status,
          ':running': 'running',
          ':error': error,
          ':attempt': attempt,
          ':at': at,
          ...(retry ? { ':retryAt': next.retryAt.toISOString() } : {}),
        },
      }),
    );
    return true;
  } catch (caught) {
    if (isConditionFailed(caught)) return false;
    throw caught;
  }
}
