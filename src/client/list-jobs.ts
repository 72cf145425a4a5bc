import { InvalidArgumentError } from './errors.ts';
import type { Transport } from './transport.ts';
import type { ListOptions } from './types.ts';

/** The API's cap on one page of `GET /jobs`. */
const MAX_PAGE_SIZE = 100;

interface JobPage<T> {
  readonly jobs: readonly T[];
  readonly nextCursor: string | null;
}

/**
 * `GET /jobs` page after page, following the API's opaque `nextCursor` until it is null or `limit`
 * jobs were yielded. Each `for await` starts again from the newest job; pages are fetched as the
 * loop asks for them, so breaking out early costs no further request.
 */
export function listJobs<T>(transport: Transport, options: ListOptions<string> = {}): AsyncIterable<T> {
  const { status, type, limit } = options;
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1))
    throw new InvalidArgumentError(`list: limit must be a whole number ≥ 1; got ${limit}.`);
  return {
    async *[Symbol.asyncIterator]() {
      let left = limit ?? Number.POSITIVE_INFINITY;
      let cursor: string | undefined;
      while (left > 0) {
        const page = await transport<JobPage<T>>({
          method: 'GET',
          path: '/jobs',
          query: { status, type, limit: Math.min(MAX_PAGE_SIZE, left), cursor },
          isAnswer: (body) => Array.isArray((body as Partial<JobPage<T>>).jobs),
        });
        for (const job of page.jobs.slice(0, left)) {
          left -= 1;
          yield job;
        }
        if (!page.nextCursor) return;
        cursor = page.nextCursor;
      }
    },
  };
}
