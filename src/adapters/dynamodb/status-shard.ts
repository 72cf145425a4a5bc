import type { JobStatus } from '../../core/status.ts';

/**
 * The byStatus index is keyed by `statusShard` = `<status>#<n>`, not by the status alone. With the
 * status as its partition key, every job entered and left the `pending` and the `running`
 * partitions (two index writes each per job), and one index partition takes about 1,000 writes a
 * second on AWS: the design topped out near 500 jobs/s. Spread over STATUS_SHARDS partitions by a
 * hash of the job's id, each takes 2/STATUS_SHARDS of them, which holds 10,000 jobs/s at 62 % of
 * one partition (docs/scaling.md). Readers query every shard of a status and merge them
 * (query-by-status.ts), so more shards make every listing and count dearer: 32 is the trade.
 *
 * The number is part of the stored data: changing it would move every job, so it is a constant.
 */
export const STATUS_SHARDS = 32;

/** The index's partition key attribute. */
export const STATUS_SHARD_ATTRIBUTE = 'statusShard';

/** Which shard a job's entries live in: FNV-1a of its id, so every write of one job agrees. */
export function shardOf(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % STATUS_SHARDS;
}

/** The index partition key of a job with this id in this status. */
export function statusShardOf(id: string, status: JobStatus | string): string {
  return `${status}#${shardOf(id)}`;
}

/** Every partition key of one status, shard 0 first. */
export function statusShards(status: JobStatus): string[] {
  return Array.from({ length: STATUS_SHARDS }, (_, shard) => `${status}#${shard}`);
}

/**
 * The SET clause and value a status change adds so the index entry follows: `, statusShard = :x`.
 * `placeholder` names the value (it must not clash with the caller's own).
 */
export function setStatusShard(
  id: string,
  status: JobStatus,
  placeholder = ':statusShard',
): { readonly set: string; readonly values: Record<string, string> } {
  return {
    set: `, ${STATUS_SHARD_ATTRIBUTE} = ${placeholder}`,
    values: { [placeholder]: statusShardOf(id, status) },
  };
}
