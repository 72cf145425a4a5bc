import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AddDependentResult } from '../../core/ports.ts';
import { TERMINAL_STATUSES } from '../../core/status.ts';
import { getJob } from './get-job.ts';
import { isConditionFailed, type JobsTableRef } from './jobs-table.ts';

/**
 * Adds a dependent to a job that has not ended. The job's own final write and this one are on the
 * same item, so one of two things holds: this write came first (the final write returns the job with
 * its dependents, and its writer tells them), or it is refused and the job read after it is final.
 */
export async function addDependent(
  table: JobsTableRef,
  id: string,
  dependent: string,
): Promise<AddDependentResult> {
  const finals = Object.fromEntries(TERMINAL_STATUSES.map((status, i) => [`:final${i}`, status]));
  try {
    await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: { id },
        UpdateExpression: 'ADD dependents :dependent',
        ConditionExpression: `attribute_exists(id) AND NOT (#status IN (${Object.keys(finals).join(', ')}))`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':dependent': new Set([dependent]), ...finals },
      }),
    );
    return { kind: 'added' };
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
    const job = await getJob(table, id);
    return job ? { kind: 'finished', job } : { kind: 'missing' };
  }
}
