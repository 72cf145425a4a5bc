import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { JobStatus } from '../../core/status.ts';
import type { JobsTableRef } from './jobs-table.ts';

/** Counts one status through the byStatus index, page by page (each page reads up to 1 MB of keys). */
export async function countJobsByStatus(table: JobsTableRef, status: JobStatus): Promise<number> {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.client.send(
      new QueryCommand({
        TableName: table.tableName,
        IndexName: table.byStatusIndex,
        KeyConditionExpression: '#status = :status',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': status },
        Select: 'COUNT',
        ExclusiveStartKey: startKey,
      }),
    );
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return count;
}
