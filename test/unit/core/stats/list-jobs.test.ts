import { describe, expect, it } from 'vitest';
import { createMemoryJobStore } from '../../../../src/adapters/memory/job-store.ts';
import { InvalidCursorError } from '../../../../src/core/errors.ts';
import type { JobStore, JobSummary, NewestPage } from '../../../../src/core/ports.ts';
import type { JobStatus } from '../../../../src/core/status.ts';
import { listJobs } from '../../../../src/core/use-cases/list-jobs.ts';
import { live } from '../../../helpers/stats-harness.ts';

/** Jobs in every status, each changed at a different second. */
async function mixedStore() {
  const store = createMemoryJobStore();
  const outcomes = ['completed', 'failed', 'canceled', 'retrying'] as const;
  for (let i = 0; i < 20; i++) {
    const type = i % 3 === 0 ? 'email' : 'noop';
    const t = i * 10;
    if (i % 5 === 4) await live(store, { type, created: t });
    else if (i % 5 === 3) await live(store, { type, created: t - 5, started: t });
    else await live(store, { type, created: t - 5, started: t - 2, finished: t, outcome: outcomes[i % 4] });
  }
  return store;
}

async function allPages(store: JobStore, query: { status?: JobStatus; type?: string; limit: number }) {
  const pages: JobSummary[][] = [];
  let cursor: string | undefined;
  do {
    const page = await listJobs(store, { ...query, ...(cursor ? { cursor } : {}) });
    pages.push(page.jobs);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && pages.length < 100);
  return pages;
}

const newestFirst = (jobs: JobSummary[]) => [...jobs].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));

describe('listJobs', () => {
  it('lists every status merged, newest change first, page by page without gaps or repeats', async () => {
    const store = await mixedStore();
    const pages = await allPages(store, { limit: 3 });
    const listed = pages.flat();
    expect(listed).toHaveLength(20);
    expect(listed).toEqual(newestFirst(listed));
    expect(new Set(listed.map((j) => j.id)).size).toBe(20);
    expect(pages.slice(0, -1).every((p) => p.length === 3)).toBe(true);
    expect(listed[0]).not.toHaveProperty('payload');
  });

  it('lists one status, filtered by type', async () => {
    const store = await mixedStore();
    const failed = (await allPages(store, { status: 'failed', limit: 2 })).flat();
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((j) => j.status === 'failed')).toBe(true);
    expect(failed).toEqual(newestFirst(failed));
    const emails = (await allPages(store, { type: 'email', limit: 4 })).flat();
    expect(emails.map((j) => j.type)).toEqual(Array(7).fill('email'));
  });

  it('ends with a null cursor', async () => {
    const store = await mixedStore();
    expect((await listJobs(store, { limit: 100 })).nextCursor).toBeNull();
    expect(await listJobs(createMemoryJobStore(), { status: 'running', limit: 10 })).toEqual({
      jobs: [],
      nextCursor: null,
    });
  });

  it('refuses a cursor it did not make, or one from a listing of other statuses', async () => {
    const store = await mixedStore();
    const { nextCursor } = await listJobs(store, { status: 'pending', limit: 1 });
    expect(nextCursor).toEqual(expect.any(String));
    for (const bad of [
      'garbage!',
      'e30',
      Buffer.from('{"v":1,"p":{"pending":{"u":1}}}').toString('base64url'),
      // A tampered cursor whose job id is empty or longer than any id: a 400, never DynamoDB's 500.
      Buffer.from('{"v":1,"p":{"pending":{"u":"2026-01-01T00:00:00.000Z","i":""}}}').toString('base64url'),
      Buffer.from(
        `{"v":1,"p":{"pending":{"u":"2026-01-01T00:00:00.000Z","i":"${'x'.repeat(129)}"}}}`,
      ).toString('base64url'),
    ]) {
      await expect(listJobs(store, { status: 'pending', limit: 1, cursor: bad })).rejects.toBeInstanceOf(
        InvalidCursorError,
      );
    }
    await expect(listJobs(store, { limit: 1, cursor: nextCursor! })).rejects.toMatchObject({
      code: 'InvalidCursor',
    });
    await expect(listJobs(store, { status: 'failed', limit: 1, cursor: nextCursor! })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
  });

  it('stays in order when a status returns a short page with more to read (a filter skipped many)', async () => {
    const store = await mixedStore();
    // Completed answers one job at a time, as DynamoDB does when its read budget runs out.
    const stingy: JobStore = {
      ...store,
      async listNewest(status, query): Promise<NewestPage> {
        const page = await store.listNewest(status, query);
        if (status !== 'completed' || page.jobs.length <= 1) return page;
        const first = page.jobs[0]!;
        return { jobs: [first], next: { updatedAt: first.updatedAt, id: first.id } };
      },
    };
    const listed = (await allPages(stingy, { limit: 5 })).flat();
    expect(listed).toHaveLength(20);
    expect(listed).toEqual(newestFirst(listed));
  });
});
