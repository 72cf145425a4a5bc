import { paginateQuery, type QueryCommandInput, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { JobStatus } from '../../core/status.ts';
import type { JobsTableRef } from './jobs-table.ts';

/**
 * Pages through the jobs of one status in the byStatus index, oldest first; `updatedBefore` narrows
 * it to jobs that last changed before then. The caller stops iterating when it has what it needs.
 */
export function queryByStatus(
  table: JobsTableRef,
  status: JobStatus,
  options: {
    readonly updatedBefore?: Date;
    readonly select?: QueryCommandInput['Select'];
    readonly pageSize?: number;
  } = {},
): AsyncIterable<QueryCommandOutput> {
  const before = options.updatedBefore?.toISOString();
  return paginateQuery(
    { client: table.client, ...(options.pageSize ? { pageSize: options.pageSize } : {}) },
    {
      TableName: table.tableName,
      IndexName: table.byStatusIndex,
      KeyConditionExpression: before ? '#status = :status AND updatedAt < :before' : '#status = :status',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':status': status, ...(before ? { ':before': before } : {}) },
      ...(options.select ? { Select: options.select } : {}),
    },
  );
}
