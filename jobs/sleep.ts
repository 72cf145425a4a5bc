import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { defineJob } from '../src/index.ts';

/** Steps a sleep of a second or more reports its progress in. */
const STEPS = 10;

/**
 * Waits, reporting its progress every tenth of the way (a sleep under a second reports none), and
 * lets go as soon as the job is told to stop, so a cancel or time limit is not held up.
 */
export const sleep = defineJob({
  description: 'Waits `ms` milliseconds, reporting its progress, then succeeds.',
  schema: z.strictObject({ ms: z.number().int().min(0).max(600_000) }),
  handler: async ({ ms }, { signal, progress }) => {
    const started = performance.now();
    if (ms < 1_000) await delay(ms, undefined, { signal });
    else
      for (let step = 1; step <= STEPS; step += 1) {
        await delay(started + (ms * step) / STEPS - performance.now(), undefined, { signal });
        if (step < STEPS)
          void progress((step * 100) / STEPS, `slept ${Math.round((ms * step) / STEPS)} of ${ms} ms`);
      }
    return { sleptMs: Math.round(performance.now() - started) };
  },
});
