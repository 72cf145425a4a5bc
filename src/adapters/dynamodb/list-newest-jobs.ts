import type { JobSummary, ListPosition, NewestPage, NewestQuery } from '../../core/ports.ts';
import type { JobStatus } from '../../core/status.ts';
import { toJobSummary } from './job-item.ts';
import type { JobsTableRef } from './jobs-table.ts';
import { queryByStatus } from './query-by-status.ts';
import { withRunAt } from './read-run-ats.ts';

/**
 * With a type filter DynamoDB reads `limit` items per request and then drops the other types, so a
 * rare type could mean reading the whole status; a page stops after this many requests and says
 * where to go on.
 */
const MAX_REQUESTS_PER_PAGE = 10;

/** Newest change first, resuming after `query.after`; scheduled jobs with their `runAt`. */
export async function listNewestJobs(
  table: JobsTableRef,
  status: JobStatus,
  query: NewestQuery,
): Promise<NewestPage> {
  const page = await readNewest(table, status, query);
  return status === 'scheduled' && page.jobs.length > 0
    ? { ...page, jobs: await withRunAt(table, page.jobs) }
    : page;
}

async function readNewest(table: JobsTableRef, status: JobStatus, query: NewestQuery): Promise<NewestPage> {
  const jobs: JobSummary[] = [];
  let requests = 0;
  const pages = queryByStatus(table, status, {
    descending: true,
    // One more than asked tells whether anything follows without another request.
    pageSize: query.limit + 1,
    ...(query.after ? { startAfter: query.after } : {}),
    ...(query.type
      ? {
          filter: {
            expression: '#type = :type',
            names: { '#type': 'type' },
            values: { ':type': query.type },
          },
        }
      : {}),
  });
  for await (const page of pages) {
    requests += 1;
    const items = page.Items ?? [];
    for (const [index, item] of items.entries()) {
      jobs.push(toJobSummary(item));
      if (jobs.length >= query.limit) {
        const more = index < items.length - 1 || page.LastEvaluatedKey !== undefined;
        return { jobs, next: more ? positionOf(jobs[jobs.length - 1]!) : null };
      }
    }
    if (!page.LastEvaluatedKey) return { jobs, next: null };
    if (requests >= MAX_REQUESTS_PER_PAGE) {
      return { jobs, next: positionOf(page.LastEvaluatedKey as Pick<JobSummary, 'updatedAt' | 'id'>) };
    }
  }
  return { jobs, next: null };
}

function positionOf(job: Pick<JobSummary, 'updatedAt' | 'id'>): ListPosition {
  return { updatedAt: String(job.updatedAt), id: String(job.id) };
}
