import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { defineJob } from '../src/index.ts';

/** Waits, but lets go as soon as the job is told to stop, so a cancel or time limit is not held up. */
export const sleep = defineJob({
  description: 'Waits `ms` milliseconds, then succeeds.',
  schema: z.strictObject({ ms: z.number().int().min(0).max(600_000) }),
  handler: async ({ ms }, { signal }) => {
    const started = performance.now();
    await delay(ms, undefined, { signal });
    return { sleptMs: Math.round(performance.now() - started) };
  },
});
