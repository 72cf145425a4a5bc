import { z } from 'zod';
import { defineJob } from '../src/index.ts';

/**
 * Fails its first `failTimes` attempts with a plain Error (retryable, unlike PermanentJobError),
 * so retries and backoff can be watched end to end.
 */
export const flaky = defineJob({
  description: 'Fails its first `failTimes` attempts, then succeeds.',
  schema: z.strictObject({ failTimes: z.number().int().min(0).max(24) }),
  handler: async ({ failTimes }, { attempt }) => {
    if (attempt <= failTimes) throw new Error(`flaky: attempt ${attempt} of ${failTimes} planned failures`);
    return { attempt, succeededAfterFailures: failTimes };
  },
});
