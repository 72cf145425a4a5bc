import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailed, type JobsTableRef } from './jobs-table.ts';

/** Rolls back a submission (its message never reached the queue, or it was a duplicate). Only ever deletes an untouched job. */
export async function removePendingJob(table: JobsTableRef, id: string): Promise<void> {
  try {
    await table.client.send(
      new DeleteCommand({
        TableName: table.tableName,
        Key: { id },
        ConditionExpression: '#status IN (:waiting, :scheduled, :pending) AND attempts = :zero',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':waiting': 'waiting',
          ':scheduled': 'scheduled',
          ':pending': 'pending',
          ':zero': 0,
        },
      }),
    );
  } catch (error) {
    // The job already moved on (a worker got a message after all): keeping it is right.
    if (!isConditionFailed(error)) throw error;
  }
}
