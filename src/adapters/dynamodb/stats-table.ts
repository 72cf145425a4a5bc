import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface StatsTableRef {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

/** All snapshots share one partition, sorted by time; each is written once a minute, never per job. */
export const SNAPSHOT_PARTITION = 'snapshot';
/** Snapshots older than this expire (TTL) — enough for a day of charts at one-minute resolution. */
export const SNAPSHOT_RETENTION_SECONDS = 2 * 24 * 3600;
