import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Job } from '../../core/job.ts';
import { fromJobItem } from './job-item.ts';
import { isConditionFailed, type JobsTableRef } from './jobs-table.ts';

/** The worker's heartbeat: extends its lease and reads back the job (a cancel request shows up here). */
export async function renewLease(
  table: JobsTableRef,
  id: string,
  attempt: number,
  leaseUntil: Date,
): Promise<Job | undefined> {
  try {
    const { Attributes } = await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: { id },
        UpdateExpression: 'SET leaseExpiresAt = :lease',
        ConditionExpression: '#status = :running AND attempts = :attempt',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':lease': leaseUntil.toISOString(),
          ':running': 'running',
          ':attempt': attempt,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes ? fromJobItem(Attributes) : undefined;
  } catch (error) {
    if (isConditionFailed(error)) return undefined;
    throw error;
  }
}
