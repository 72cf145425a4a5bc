import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { JobSummary } from '../../core/ports.ts';
import type { JobStatus } from '../../core/status.ts';
import { fromJobItem } from './job-item.ts';
import type { JobsTableRef } from './jobs-table.ts';

/** Oldest first, through the byStatus index; reads only as far as `limit`. */
export async function listJobsByStatus(
  table: JobsTableRef,
  status: JobStatus,
  before: Date,
  limit: number,
): Promise<JobSummary[]> {
  const jobs: JobSummary[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.client.send(
      new QueryCommand({
        TableName: table.tableName,
        IndexName: table.byStatusIndex,
        KeyConditionExpression: '#status = :status AND updatedAt < :before',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': status, ':before': before.toISOString() },
        Limit: limit - jobs.length,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const { payload: _payload, result: _result, ...summary } = fromJobItem(item);
      jobs.push(summary);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey && jobs.length < limit);
  return jobs;
}
