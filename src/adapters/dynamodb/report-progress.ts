import type { JobProgress } from '../../core/progress.ts';
import type { JobsTableRef } from './jobs-table.ts';
import { updateOwnedJob } from './update-owned-job.ts';

/** A running attempt's progress report, kept only while that attempt owns the job. No index write: progress is not projected. */
export async function reportProgress(
  table: JobsTableRef,
  id: string,
  attempt: number,
  progress: JobProgress,
): Promise<boolean> {
  return (
    (await updateOwnedJob(table, id, attempt, {
      expression: 'SET progress = :progress',
      values: { ':progress': progress },
    })) !== undefined
  );
}
