import type { APIGatewayProxyEvent } from 'aws-lambda';
import { z } from 'zod';
import { ValidationError } from '../../src/core/errors.ts';
import { JOB_STATUSES } from '../../src/core/status.ts';
import type { ListJobsQuery } from '../../src/core/use-cases/list-jobs.ts';
import { STATS_HISTORY_MAX_HOURS } from '../../src/core/use-cases/read-stats.ts';

/** The most jobs one GET /jobs page returns; a larger `limit` is capped to it (and said so). */
export const MAX_LIST_LIMIT = 100;
export const DEFAULT_LIST_LIMIT = 20;

const whole = (name: string) =>
  z
    .string()
    .regex(/^\d{1,6}$/, `${name} must be a whole number`)
    .transform(Number);

const listSchema = z.strictObject({
  status: z.enum(JOB_STATUSES, { error: `status must be one of ${JOB_STATUSES.join(', ')}` }).optional(),
  type: z.string().min(1).max(64).optional(),
  limit: whole('limit')
    .refine((n) => n >= 1, 'limit must be at least 1')
    .optional(),
  cursor: z.string().min(1).max(4096).optional(),
});

const statsSchema = z.strictObject({
  hours: whole('hours')
    .refine((n) => n >= 1 && n <= STATS_HISTORY_MAX_HOURS, `hours must be 1–${STATS_HISTORY_MAX_HOURS}`)
    .optional(),
});

/** `GET /jobs?status=&type=&limit=&cursor=`; unknown parameters are refused, not ignored. */
export function parseListQuery(event: APIGatewayProxyEvent): ListJobsQuery & { readonly capped: boolean } {
  const query = parse(listSchema, event, 'GET /jobs');
  const wanted = query.limit ?? DEFAULT_LIST_LIMIT;
  return {
    ...(query.status ? { status: query.status } : {}),
    ...(query.type ? { type: query.type } : {}),
    ...(query.cursor ? { cursor: query.cursor } : {}),
    limit: Math.min(wanted, MAX_LIST_LIMIT),
    capped: wanted > MAX_LIST_LIMIT,
  };
}

/** `GET /stats?hours=`: 1–24 hours of history, 1 by default. */
export function parseStatsQuery(event: APIGatewayProxyEvent): { readonly hours: number } {
  return { hours: parse(statsSchema, event, 'GET /stats').hours ?? 1 };
}

function parse<T>(schema: z.ZodType<T>, event: APIGatewayProxyEvent, route: string): T {
  const multi = event.multiValueQueryStringParameters ?? {};
  const repeated = Object.entries(multi).find(([, values]) => (values?.length ?? 0) > 1);
  if (repeated)
    throw new ValidationError(`${route}: give "${repeated[0]}" once.`, { parameter: repeated[0] });
  const parsed = schema.safeParse({ ...(event.queryStringParameters ?? {}) });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : String(issue?.path[0] ?? '');
    const message =
      issue?.code === 'unrecognized_keys'
        ? `${route}: unknown query parameter ${name}.`
        : `${route}: ${issue?.message ?? 'invalid query'}.`;
    throw new ValidationError(message, { parameter: name });
  }
  return parsed.data;
}
