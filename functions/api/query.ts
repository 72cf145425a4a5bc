import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { z } from 'zod';
import { ValidationError } from '../../src/core/errors.ts';
import type { ListJobsQuery } from '../../src/core/use-cases/list-jobs.ts';
import {
  DEFAULT_LIST_LIMIT,
  listJobsQuery,
  MAX_LIST_LIMIT,
  statsQuery,
} from '../../src/http/schemas/query.ts';

/** `GET /jobs?status=&type=&limit=&cursor=`; unknown parameters are refused, not ignored. */
export function parseListQuery(event: APIGatewayProxyEvent): ListJobsQuery & { readonly capped: boolean } {
  const query = parse(listJobsQuery, event, 'GET /jobs');
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
  return { hours: parse(statsQuery, event, 'GET /stats').hours ?? 1 };
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
