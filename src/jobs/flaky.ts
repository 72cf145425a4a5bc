import type { z } from 'zod';
import type { JobHandler } from '../core/registry.ts';
import type { jobSpecs } from './specs.ts';

/**
 * Fails its first `failTimes` attempts with a plain Error (retryable, unlike PermanentJobError),
 * so retries and backoff can be watched end to end.
 */
export const flaky: JobHandler<z.output<typeof jobSpecs.flaky.schema>> = async (
  { failTimes },
  { attempt },
) => {
  if (attempt <= failTimes) throw new Error(`flaky: attempt ${attempt} of ${failTimes} planned failures`);
  return { attempt, succeededAfterFailures: failTimes };
};
