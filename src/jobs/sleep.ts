import { setTimeout as delay } from 'node:timers/promises';
import type { z } from 'zod';
import type { JobHandler } from '../core/registry.ts';
import type { jobSpecs } from './specs.ts';

/** Waits, but lets go as soon as the job is told to stop, so a cancel or time limit is not held up. */
export const sleep: JobHandler<z.output<typeof jobSpecs.sleep.schema>> = async ({ ms }, { signal }) => {
  const started = performance.now();
  await delay(ms, undefined, { signal });
  return { sleptMs: Math.round(performance.now() - started) };
};
