import { z } from 'zod';
import type { RedriveFilter, RedriveResult } from '../../core/use-cases/redrive-dead-letters.ts';
import type { Agree, Assert } from './agree.ts';
import { count } from './common.ts';

/** POST /dlq/redrive's body: `{}` (or none) for every dead letter, a type, or ids. */
export const redriveFilter = z
  .strictObject({
    type: z.string().min(1).max(64).optional().describe('Only dead letters of this job type'),
    ids: z.array(z.string().min(1).max(128)).min(1).max(1000).optional().describe('Only these jobs'),
  })
  .describe('Which dead letters to move back; {} (or no body) for all');

export const redriveResult = z
  .object({
    moved: count.describe('Jobs reset to pending and queued again'),
    stale: count.describe('Messages whose job had moved on, removed from the dead-letter queue'),
    skipped: count.describe('Messages left in the dead-letter queue (not matching, unreadable, no job)'),
    more: z.boolean().describe('The call ran out of time before the queue was read to the end: call again'),
  })
  .describe('What a redrive did');

export type RedriveAgrees = [
  Assert<Agree<z.infer<typeof redriveFilter>, RedriveFilter>>,
  Assert<Agree<z.infer<typeof redriveResult>, RedriveResult>>,
];
