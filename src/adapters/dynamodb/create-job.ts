import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { JobAlreadyExistsError } from '../../core/errors.ts';
import type { Job } from '../../core/job.ts';
import { toJobItem } from './job-item.ts';
import { isConditionFailed, type JobsTableRef } from './jobs-table.ts';

export async function createJob(table: JobsTableRef, job: Job): Promise<void> {
  try {
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: toJobItem(job),
        ConditionExpression: 'attribute_not_exists(id)',
      }),
    );
  } catch (error) {
    if (isConditionFailed(error)) throw new JobAlreadyExistsError(job.id);
    throw error;
  }
}
