import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Job } from '../../core/job.ts';
import { fromJobItem } from './job-item.ts';
import type { JobsTableRef } from './jobs-table.ts';

export async function getJob(table: JobsTableRef, id: string): Promise<Job | undefined> {
  const { Item } = await table.client.send(
    new GetCommand({ TableName: table.tableName, Key: { id }, ConsistentRead: true }),
  );
  return Item ? fromJobItem(Item) : undefined;
}
