import { z } from 'zod';
import { JOB_STATUSES } from '../../core/status.ts';
import { STATS_HISTORY_MAX_HOURS } from '../../core/use-cases/read-stats.ts';

/** The most jobs one GET /jobs page returns; a larger `limit` is capped to it (and said so). */
export const MAX_LIST_LIMIT = 100;
export const DEFAULT_LIST_LIMIT = 20;

/** Query values arrive as text: digits only, read as a number. */
const whole = (name: string) =>
  z
    .string()
    .regex(/^\d{1,6}$/, `${name} must be a whole number`)
    .transform(Number);

/** `GET /jobs?status=&type=&limit=&cursor=`; unknown parameters are refused, not ignored. */
export const listJobsQuery = z.strictObject({
  status: z
    .enum(JOB_STATUSES, { error: `status must be one of ${JOB_STATUSES.join(', ')}` })
    .optional()
    .describe('Only jobs in this status'),
  type: z.string().min(1).max(64).optional().describe('Only jobs of this type (a known job type)'),
  limit: whole('limit')
    .refine((n) => n >= 1, 'limit must be at least 1')
    .optional()
    .describe(
      `Jobs per page, at least 1 (default ${DEFAULT_LIST_LIMIT}); above ${MAX_LIST_LIMIT} it is capped to ${MAX_LIST_LIMIT} and the answer says limitCapped`,
    ),
  cursor: z
    .string()
    .min(1)
    .max(4096)
    .optional()
    .describe('The nextCursor of the previous page, with the same status filter'),
});

/** `GET /stats?hours=`: 1–24 hours of history, 1 by default. */
export const statsQuery = z.strictObject({
  hours: whole('hours')
    .refine((n) => n >= 1 && n <= STATS_HISTORY_MAX_HOURS, `hours must be 1–${STATS_HISTORY_MAX_HOURS}`)
    .optional()
    .describe(`Hours of one-minute history points, 1–${STATS_HISTORY_MAX_HOURS} (default 1)`),
});
