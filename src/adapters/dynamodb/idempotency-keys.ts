import type { IdempotencyKeys } from '../../core/ports.ts';
import type { JobsTableRef } from './jobs-table.ts';
import { releaseKey } from './release-key.ts';
import { replaceKey } from './replace-key.ts';
import { reserveKey } from './reserve-key.ts';

/** The IdempotencyKeys port on the jobs table: each method one conditional write, in a file of its own. */
export function createDynamoIdempotencyKeys(table: JobsTableRef): IdempotencyKeys {
  return {
    reserve: (entry, now) => reserveKey(table, entry, now),
    replace: (entry, previousJobId) => replaceKey(table, entry, previousJobId),
    release: (key, jobId) => releaseKey(table, key, jobId),
  };
}
