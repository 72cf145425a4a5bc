import { z } from 'zod';
import { defineJob } from '../src/index.ts';

/** Succeeds at once: what is left of a job's duration is the system's own overhead. */
export const noop = defineJob({
  description: 'Does nothing and succeeds. For trying the system and measuring its overhead.',
  schema: z.strictObject({}),
  handler: async () => ({ ok: true }),
});
