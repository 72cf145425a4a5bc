import type { JobSummary, ListPosition, NewestPage, NewestQuery } from '../../core/ports.ts';
import type { JobStatus } from '../../core/status.ts';
import { toJobSummary } from './job-item.ts';
import type { JobsTableRef } from './jobs-table.ts';
import { queryByStatus } from './query-by-status.ts';
import { withRunAt } from './read-run-ats.ts';
import { STATUS_SHARDS } from './status-shard.ts';

/**
 * With a type filter DynamoDB reads `limit` items per request and then drops the other types, so a
 * rare type could mean reading the whole status; a page stops after this many requests beyond the
 * first to each shard and says where to go on.
 */
const MORE_REQUESTS_PER_PAGE = 10;

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
  const items = queryByStatus(table, status, {
    descending: true,
    // One more than asked tells whether anything follows without another request.
    pageSize: query.limit + 1,
    maxRequests: STATUS_SHARDS + MORE_REQUESTS_PER_PAGE,
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
  for (;;) {
    const next = await items.next();
    if (next.done) return { jobs, next: next.value ?? null };
    if (jobs.length === query.limit) {
      await items.return(undefined);
      return { jobs, next: positionOf(jobs[jobs.length - 1] as JobSummary) };
    }
    jobs.push(toJobSummary(next.value));
  }
}

function positionOf(job: Pick<JobSummary, 'updatedAt' | 'id'>): ListPosition {
  return { updatedAt: String(job.updatedAt), id: String(job.id) };
}
