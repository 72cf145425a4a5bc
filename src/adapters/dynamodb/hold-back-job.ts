import type { Job } from '../../core/job.ts';
import type { HoldBackInput } from '../../core/ports.ts';
import type { JobsTableRef } from './jobs-table.ts';
import { updateJobIf } from './update-job-if.ts';

/**
 * The hold's fields are stored flat (heldBack* attributes, read back as one `heldBack` by
 * fromJobItem), so one conditional write sets them and counts the hold on from the wait's earlier
 * ones. It leaves `updatedAt` alone: a hold is no change of status, and costs the byStatus index no
 * write.
 */
export async function holdBackJob(
  table: JobsTableRef,
  id: string,
  hold: HoldBackInput,
): Promise<Job | undefined> {
  return updateJobIf(table, id, {
    expression:
      'SET heldBackReason = :reason, heldBackMessage = :message, heldBackUntil = :until, ' +
      'heldBackSince = if_not_exists(heldBackSince, :at) ADD heldBackTimes :one',
    condition: 'attribute_exists(id) AND #status = :pending',
    values: {
      ':reason': hold.reason,
      ':message': hold.message,
      ':until': hold.until.toISOString(),
      ':at': hold.at.toISOString(),
      ':one': 1,
      ':pending': 'pending',
    },
  });
}

/** The attributes a hold writes: the claim removes them when the job starts. */
export const HELD_BACK_ATTRIBUTES = [
  'heldBackReason',
  'heldBackMessage',
  'heldBackSince',
  'heldBackUntil',
  'heldBackTimes',
] as const;
