import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface StatsTableRef {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

/**
 * The stats table's items, each written once per stats run (about once a minute), never per job:
 * the latest snapshot, overwritten in place so reading it is one GetItem; and per run one chart point
 * and one window record (the mergeable histograms), keyed by the end of the run's window.
 */
export const SNAPSHOT_KEY = { pk: 'snapshot', sk: 'latest' } as const;
export const POINT_PARTITION = 'point';
export const WINDOW_PARTITION = 'window';
/**
 * Holds of jobs by limits (hold-tally.ts): one item per job type and minute, counted up by the
 * worker, written only while a limit holds jobs back. Pruned and expired like the history.
 */
export const HOLDS_PARTITION = 'holds';
export type HistoryPartition = typeof POINT_PARTITION | typeof WINDOW_PARTITION | typeof HOLDS_PARTITION;

/**
 * History items expire (TTL) after this long. The stats run deletes them at 25 h itself — emulators
 * have no TTL, and TTL deletes can lag by days — so this is only the backstop.
 */
export const HISTORY_RETENTION_SECONDS = 26 * 3600;
