import type { Clock, JobStore } from '../ports.ts';
import type { SpecRegistry } from '../registry.ts';
import { expiryOf, MIN_RETENTION_SECONDS } from '../retention.ts';
import type { FinishedStatus } from '../stats/window.ts';

const FINISHED: readonly FinishedStatus[] = ['completed', 'failed', 'canceled'];

export interface RemoveExpiredDeps {
  readonly store: JobStore;
  readonly clock: Clock;
  /** The job types, for each one's retention. */
  readonly specs: SpecRegistry;
  /** The stack's retention for every finished job, over each type's own. */
  readonly retentionSeconds?: number;
}

/**
 * The sweeper's part of retention: finished jobs past their `expiresAt` are deleted, oldest first,
 * at most `limit` looked at per status and run. DynamoDB's TTL does the same on AWS, but may lag by
 * days, and the emulator has none. Each delete is conditional on the stored `expiresAt`, so a job is
 * never removed early, whatever the candidate's type says.
 */
export async function removeExpiredJobs(deps: RemoveExpiredDeps, limit = 500): Promise<number> {
  const now = deps.clock.now();
  const settled = new Date(now.getTime() - MIN_RETENTION_SECONDS * 1000);
  let removed = 0;
  for (const status of FINISHED) {
    for (const job of await deps.store.listByStatus(status, settled, limit)) {
      const spec = Object.hasOwn(deps.specs, job.type) ? deps.specs[job.type] : undefined;
      const expires = expiryOf(spec?.retention, status, new Date(job.updatedAt), deps.retentionSeconds);
      if (expires <= now && (await deps.store.removeExpired(job.id, now))) removed += 1;
    }
  }
  return removed;
}
