import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Where the jobs live: every storage operation takes this and nothing else. */
export interface JobsTableRef {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly byStatusIndex: string;
}

export function isConditionFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/**
 * The sparse index of scheduled jobs by start time, read by the sweeper to promote those due. Only a
 * scheduled job has its partition key (written with the job, removed when it leaves `scheduled`), so
 * a job that is not scheduled costs the index nothing. The construct declares it from this.
 */
export const SCHEDULED_INDEX = {
  name: 'scheduledByRunAt',
  partitionKey: 'scheduledKey',
  sortKey: 'runAt',
  /** The one partition's key value. */
  partition: 'scheduled',
} as const;
