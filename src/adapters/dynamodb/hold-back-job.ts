import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Job } from '../../core/job.ts';
import type { HoldBackInput } from '../../core/ports.ts';
import { fromJobItem } from './job-item.ts';
import { isConditionFailed, type JobsTableRef } from './jobs-table.ts';

/**
 * The hold's fields are stored flat (heldBack* attributes, read back as one `heldBack` by
 * fromJobItem), so one conditional write sets them and counts the hold on from the wait's earlier
 * ones. It leaves `updatedAt` alone: a hold is no change of status, and costs the byStatus index no
 * write.
 */
export async function holdBackJob(
  table: JobsTableRef,
  id: string,
  hold: HoldBackInput,
): Promise<Job | undefined> {
  try {
    const { Attributes } = await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: { id },
        UpdateExpression:
          'SET heldBackReason = :reason, heldBackMessage = :message, heldBackUntil = :until, ' +
          'heldBackSince = if_not_exists(heldBackSince, :at) ADD heldBackTimes :one',
        ConditionExpression: 'attribute_exists(id) AND #status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':reason': hold.reason,
          ':message': hold.message,
          ':until': hold.until.toISOString(),
          ':at': hold.at.toISOString(),
          ':one': 1,
          ':pending': 'pending',
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

/** The attributes a hold writes: the claim removes them when the job starts. */
export const HELD_BACK_ATTRIBUTES = [
  'heldBackReason',
  'heldBackMessage',
  'heldBackSince',
  'heldBackUntil',
  'heldBackTimes',
] as const;
