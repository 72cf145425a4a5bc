import { paginateQuery, type QueryCommandInput, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { ListPosition } from '../../core/ports.ts';
import type { JobStatus } from '../../core/status.ts';
import type { JobsTableRef } from './jobs-table.ts';

export interface ByStatusQuery {
  /** Only jobs that last changed before this instant (exclusive). */
  readonly updatedBefore?: Date;
  /** Only jobs that last changed after this instant (exclusive). */
  readonly updatedAfter?: Date;
  /** Only jobs that last changed at or before this instant. */
  readonly updatedUntil?: Date;
  readonly select?: QueryCommandInput['Select'];
  readonly pageSize?: number;
  /** Newest first instead of oldest first. */
  readonly descending?: boolean;
  /** Resume after this job (the key of the last one read). */
  readonly startAfter?: ListPosition;
  readonly filter?: {
    readonly expression: string;
    readonly names?: Readonly<Record<string, string>>;
    readonly values?: Readonly<Record<string, unknown>>;
  };
}

/**
 * Pages through the jobs of one status in the byStatus index, oldest first unless `descending`,
 * narrowed to a range of updatedAt. The caller stops iterating when it has what it needs.
 */
export function queryByStatus(
  table: JobsTableRef,
  status: JobStatus,
  options: ByStatusQuery = {},
): AsyncIterable<QueryCommandOutput> {
  const range = updatedRange(options);
  return paginateQuery(
    {
      client: table.client,
      ...(options.pageSize ? { pageSize: options.pageSize } : {}),
      ...(options.startAfter
        ? {
            startingToken: {
              id: options.startAfter.id,
              status,
              updatedAt: options.startAfter.updatedAt,
            },
          }
        : {}),
    },
    {
      TableName: table.tableName,
      IndexName: table.byStatusIndex,
      KeyConditionExpression: `#status = :status${range.condition}`,
      ExpressionAttributeNames: { '#status': 'status', ...options.filter?.names },
      ExpressionAttributeValues: { ':status': status, ...range.values, ...options.filter?.values },
      ...(options.filter ? { FilterExpression: options.filter.expression } : {}),
      ...(options.select ? { Select: options.select } : {}),
      ...(options.descending ? { ScanIndexForward: false } : {}),
    },
  );
}

/**
 * A key condition takes one range on the sort key, with inclusive bounds only for BETWEEN. updatedAt
 * is always an ISO instant to the millisecond, so "after t" is "from t + 1 ms" and "before t" is
 * "until t − 1 ms".
 */
function updatedRange(options: ByStatusQuery): { condition: string; values: Record<string, string> } {
  const ms = (date: Date, shift: number) => new Date(date.getTime() + shift).toISOString();
  const lows = [options.updatedAfter && ms(options.updatedAfter, 1)].filter((v): v is string => !!v);
  const highs = [
    options.updatedUntil && ms(options.updatedUntil, 0),
    options.updatedBefore && ms(options.updatedBefore, -1),
  ].filter((v): v is string => !!v);
  const low = lows[0];
  const high = highs.sort()[0];
  if (low && high)
    return { condition: ' AND updatedAt BETWEEN :low AND :high', values: { ':low': low, ':high': high } };
  if (low) return { condition: ' AND updatedAt >= :low', values: { ':low': low } };
  if (high) return { condition: ' AND updatedAt <= :high', values: { ':high': high } };
  return { condition: '', values: {} };
}
