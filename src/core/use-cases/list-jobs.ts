import { decodeCursor, encodeCursor, type ListCursor, type StatusPosition } from '../list-cursor.ts';
import type { JobStore, JobSummary, NewestPage } from '../ports.ts';
import { JOB_STATUSES, type JobStatus } from '../status.ts';

export interface ListJobsQuery {
  readonly status?: JobStatus;
  readonly type?: string;
  /** 1–100, validated by the API layer. */
  readonly limit: number;
  readonly cursor?: string;
}

export interface JobList {
  readonly jobs: JobSummary[];
  readonly nextCursor: string | null;
}

/**
 * GET /jobs: newest change first. One status pages through its byStatus partition; without a status
 * the five partitions are read side by side and merged, the cursor holding each one's position.
 */
export async function listJobs(store: JobStore, query: ListJobsQuery): Promise<JobList> {
  const statuses: readonly JobStatus[] = query.status ? [query.status] : JOB_STATUSES;
  const cursor: ListCursor = query.cursor
    ? decodeCursor(query.cursor, statuses)
    : Object.fromEntries(statuses.map((s) => [s, 'start']));
  const pages = await Promise.all(
    statuses.map(async (status): Promise<[JobStatus, NewestPage]> => {
      const at = cursor[status] ?? 'start';
      if (at === 'done') return [status, { jobs: [], next: null }];
      const after = at === 'start' ? {} : { after: at };
      return [
        status,
        await store.listNewest(status, {
          limit: query.limit,
          ...after,
          ...(query.type ? { type: query.type } : {}),
        }),
      ];
    }),
  );

  // A page cut short with more to read (a type filter skipped many) bounds what may be shown from the
  // others: its unread jobs are no newer than its `next`.
  const frontier = (except: JobStatus) =>
    pages.reduce<string>((max, [status, page]) => {
      if (status === except || !page.next || page.jobs.length >= query.limit) return max;
      return page.next.updatedAt.localeCompare(max) > 0 ? page.next.updatedAt : max;
    }, '');
  const candidates = pages
    .flatMap(([status, page], order) => {
      const floor = frontier(status);
      return page.jobs
        .map((job, index) => ({ status, job, order, index }))
        .filter(({ job }) => job.updatedAt >= floor);
    })
    // Ties keep each page's own order, so what is taken from a status is always a prefix of its page.
    .sort((a, b) => b.job.updatedAt.localeCompare(a.job.updatedAt) || a.order - b.order || a.index - b.index)
    .slice(0, query.limit);

  const next: ListCursor = {};
  for (const [status, page] of pages) {
    const taken = candidates.filter((c) => c.status === status).length;
    const previous: StatusPosition = cursor[status] ?? 'start';
    const last = page.jobs[taken - 1];
    if (previous === 'done') next[status] = 'done';
    else if (taken === page.jobs.length) next[status] = page.next ?? 'done';
    else next[status] = last ? { updatedAt: last.updatedAt, id: last.id } : previous;
  }
  const done = Object.values(next).every((p) => p === 'done');
  return { jobs: candidates.map((c) => c.job), nextCursor: done ? null : encodeCursor(next) };
}
