import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Job } from '../../core/job.ts';
import { fromJobItem } from './job-item.ts';
import { isOtherItemId, type JobsTableRef } from './jobs-table.ts';

export async function getJob(table: JobsTableRef, id: string): Promise<Job | undefined> {
  // The table also holds idempotency keys and schedules; no job id looks like theirs.
  if (isOtherItemId(id)) return undefined;
  const { Item } = await table.client.send(
    new GetCommand({ TableName: table.tableName, Key: { id }, ConsistentRead: true }),
  );
  return Item ? fromJobItem(Item) : undefined;
}
