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
  /** The scheduled jobs' partition (schedules have SCHEDULES_PARTITION). */
  partition: 'scheduled',
} as const;

/**
 * Idempotency keys live in the jobs table as items of their own, `id` = this prefix + the key. They
 * carry no `status`, so no index holds them, and the table's TTL (`expiresAt`) removes them on AWS.
 */
export const KEY_ITEM_PREFIX = 'idempotency-key#';

/**
 * Recurring schedules too, `id` = this prefix + the name. No `status` either; they sit in the
 * scheduled index's SCHEDULES_PARTITION, by their next run, which is how the sweeper finds the due ones.
 */
export const SCHEDULE_ITEM_PREFIX = 'schedule#';
export const SCHEDULES_PARTITION = 'schedules';

/**
 * And the state of job limits (limit-item.ts), `id` = this prefix + the limit's name: no `status`
 * and no index key either.
 */
export const LIMIT_ITEM_PREFIX = 'limit#';

/**
 * And batches, `id` = this prefix + the batch id. They sit in the scheduled index's BATCHES_PARTITION
 * by creation time, which is how the newest are listed.
 */
export const BATCH_ITEM_PREFIX = 'batch#';
export const BATCHES_PARTITION = 'batches';

/** Whether an id names one of the table's other items (a key, a schedule, a limit): never a job. */
export function isOtherItemId(id: string): boolean {
  return (
    id.startsWith(KEY_ITEM_PREFIX) ||
    id.startsWith(SCHEDULE_ITEM_PREFIX) ||
    id.startsWith(LIMIT_ITEM_PREFIX) ||
    id.startsWith(BATCH_ITEM_PREFIX)
  );
}
