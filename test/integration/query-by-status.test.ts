import { randomUUID } from 'node:crypto';
import { BatchWriteCommand, type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { countChangedJobs } from '../../src/adapters/dynamodb/count-changed-jobs.ts';
import { countJobsByStatus } from '../../src/adapters/dynamodb/count-jobs-by-status.ts';
import type { JobsTableRef } from '../../src/adapters/dynamodb/jobs-table.ts';
import { listChangedJobs } from '../../src/adapters/dynamodb/list-changed-jobs.ts';
import { listJobsByStatus } from '../../src/adapters/dynamodb/list-jobs-by-status.ts';
import { listNewestJobs } from '../../src/adapters/dynamodb/list-newest-jobs.ts';
import { queryByStatus } from '../../src/adapters/dynamodb/query-by-status.ts';
import { STATUS_SHARDS, shardOf, statusShardOf } from '../../src/adapters/dynamodb/status-shard.ts';
import type { JobSummary, ListPosition, NewestPage } from '../../src/core/ports.ts';
import type { JobStatus } from '../../src/core/status.ts';
import { tablesPerCase } from '../helpers/tables-per-case.ts';

/**
 * The byStatus index is spread over STATUS_SHARDS partitions; every listing and count merges them
 * (query-by-status.ts). These cases put raw items and read them back the way GET /jobs and the stats
 * and sweeper use cases do: every job exactly once, in order, pages bounded, and `next` resuming
 * exactly where the previous page stopped.
 */

const nextTable = tablesPerCase(3);

const BASE = Date.parse('2025-06-01T10:00:00.000Z');
/** The ten instants the 300 pending jobs changed at (30 jobs on each): v(0) oldest. */
const v = (n: number) => new Date(BASE + n * 1000).toISOString();

type Item = Record<string, unknown>;

function rawJob(id: string, status: JobStatus, updatedAt: string, type = 'noop'): Item {
  return {
    id,
    type,
    status,
    statusShard: statusShardOf(id, status),
    updatedAt,
    createdAt: new Date(BASE - 60_000).toISOString(),
    attempts: 0,
    maxAttempts: 3,
    payload: {},
  };
}

async function putRaw(table: JobsTableRef, items: readonly Item[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let request: Record<string, { PutRequest: { Item: Item } }[]> | undefined = {
      [table.tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })),
    };
    while (request && Object.keys(request).length > 0) {
      const out = await table.client.send(new BatchWriteCommand({ RequestItems: request }));
      request = out.UnprocessedItems as typeof request;
    }
  }
}

/** The same table with every request counted. */
function counted(table: JobsTableRef): { table: JobsTableRef; requests: () => number } {
  let n = 0;
  const client = {
    send: (command: unknown) => {
      n++;
      return (table.client.send as (c: unknown) => Promise<unknown>)(command);
    },
  } as unknown as DynamoDBDocumentClient;
  return { table: { ...table, client }, requests: () => n };
}

/** Whether `a` comes strictly later than `b` in the newest-first merged order (updatedAt, then shard). */
function laterInNewestOrder(a: ListPosition, b: ListPosition): boolean {
  if (a.updatedAt !== b.updatedAt) return a.updatedAt < b.updatedAt;
  return shardOf(a.id) > shardOf(b.id) || (shardOf(a.id) === shardOf(b.id) && a.id !== b.id);
}

function expectNonIncreasing(updatedAts: readonly string[]): void {
  for (let i = 1; i < updatedAts.length; i++)
    if ((updatedAts[i] as string) > (updatedAts[i - 1] as string))
      throw new Error(`updatedAt went up at ${i}: ${updatedAts[i - 1]} then ${updatedAts[i]}`);
}

function expectNonDecreasing(updatedAts: readonly string[]): void {
  for (let i = 1; i < updatedAts.length; i++)
    if ((updatedAts[i] as string) < (updatedAts[i - 1] as string))
      throw new Error(`updatedAt went down at ${i}: ${updatedAts[i - 1]} then ${updatedAts[i]}`);
}

/** Follows `next` from the first page until null; at most `maxPages` pages. */
async function allPages(
  table: JobsTableRef,
  status: JobStatus,
  query: { limit: number; type?: string },
  maxPages = 100,
): Promise<NewestPage[]> {
  const pages: NewestPage[] = [];
  let after: ListPosition | undefined;
  for (;;) {
    if (pages.length >= maxPages) throw new Error(`still a next after ${maxPages} pages`);
    const page = await listNewestJobs(table, status, { ...query, ...(after ? { after } : {}) });
    pages.push(page);
    if (!page.next) return pages;
    after = page.next;
  }
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

describe('byStatus shards merged: 300 pending jobs on 10 instants, 20 running', () => {
  let table: JobsTableRef;
  const pending: Item[] = [];
  const running: Item[] = [];
  /** The three 'rare' jobs, newest first. */
  let rare: Item[] = [];

  beforeAll(async () => {
    table = nextTable();
    for (let i = 0; i < 300; i++) {
      // Indexes 5, 150 and 299 land on v(5), v(0) and v(9): three different instants.
      const type = i === 5 || i === 150 || i === 299 ? 'rare' : 'noop';
      pending.push(rawJob(randomUUID(), 'pending', v(i % 10), type));
    }
    // Running jobs on the same instants (and one of them 'rare'): they share no partition, but a
    // listing of pending must never show them.
    for (let i = 0; i < 20; i++)
      running.push(rawJob(randomUUID(), 'running', v(i % 10), i === 3 ? 'rare' : 'noop'));
    await putRaw(table, [...pending, ...running]);
    rare = pending
      .filter((item) => item.type === 'rare')
      .sort((a, b) => String(b.updatedAt).localeCompare(String(a.updatedAt)));
    expect(rare.map((item) => item.updatedAt)).toEqual([v(9), v(5), v(0)]);
    // The data really is spread: many shards hold pending jobs.
    expect(new Set(pending.map((item) => shardOf(String(item.id)))).size).toBeGreaterThan(STATUS_SHARDS / 2);
  });

  it.each([
    // 300 = 42 × 7 + 6: the last page holds 6.
    { limit: 7, pages: 43 },
    // 300 = 25 × 12: the last page is exactly full and says so with next null (no empty page after).
    { limit: 12, pages: 25 },
  ])(
    'listNewestJobs, limit $limit: every pending job once, newest first, in $pages pages',
    async ({ limit, pages: expectedPages }) => {
      const { table: countedTable, requests } = counted(table);
      const pages = await allPages(countedTable, 'pending', { limit });
      const jobs = pages.flatMap((page) => page.jobs);
      const ids = jobs.map((job) => job.id);

      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort()).toEqual(pending.map((item) => String(item.id)).sort());
      expect(jobs.every((job) => job.status === 'pending')).toBe(true);
      expectNonIncreasing(jobs.map((job) => job.updatedAt));
      for (const page of pages) expect(page.jobs.length).toBeLessThanOrEqual(limit);
      // Without a filter no page is cut short: all full but the last.
      for (const page of pages.slice(0, -1)) expect(page.jobs.length).toBe(limit);
      expect(pages.length).toBe(expectedPages);
      expect(pages.at(-1)?.jobs.length).toBe(300 - (expectedPages - 1) * limit);
      expect(pages.at(-1)?.next).toBeNull();
      // Each `next` is the last job of its page.
      for (const page of pages.slice(0, -1)) {
        const last = page.jobs.at(-1) as JobSummary;
        expect(page.next).toEqual({ updatedAt: last.updatedAt, id: last.id });
      }
      // One request per shard per page, plus the odd refill: bounded.
      expect(requests()).toBeLessThanOrEqual(pages.length * (STATUS_SHARDS + 10));
    },
  );

  it('listNewestJobs with a rare type, limit 2: exactly the 3 rare jobs, newest first, then next null', async () => {
    const pages = await allPages(table, 'pending', { limit: 2, type: 'rare' });
    const jobs = pages.flatMap((page) => page.jobs);

    expect(jobs.map((job) => job.id)).toEqual(rare.map((item) => item.id));
    expect(jobs.every((job) => job.type === 'rare' && job.status === 'pending')).toBe(true);
    for (const page of pages) expect(page.jobs.length).toBeLessThanOrEqual(2);
    expect(pages.at(-1)?.next).toBeNull();
    // The running 'rare' job never shows.
    expect(jobs.some((job) => running.some((item) => item.id === job.id))).toBe(false);
  });

  it('listChangedJobs (after, until]: exactly the jobs in range, oldest first; countChangedJobs agrees', async () => {
    const after = new Date(v(2));
    const until = new Date(v(6));
    const listed = await collect(listChangedJobs(table, 'pending', { after, until }));
    const expected = pending.filter(
      (item) => String(item.updatedAt) > v(2) && String(item.updatedAt) <= v(6),
    );
    expect(expected).toHaveLength(120);

    const ids = listed.map((job) => job.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(expected.map((item) => String(item.id)).sort());
    expectNonDecreasing(listed.map((job) => job.updatedAt));
    expect(listed[0]?.updatedAt).toBe(v(3));
    expect(listed.at(-1)?.updatedAt).toBe(v(6));

    expect(await countChangedJobs(table, 'pending', { after, until })).toBe(120);
    expect(await countJobsByStatus(table, 'pending')).toBe(300);
    expect(await countJobsByStatus(table, 'running')).toBe(20);
    // Off the instants: (v2 + 1 ms, v6 − 1 ms] is v3, v4, v5.
    expect(
      await countChangedJobs(table, 'pending', {
        after: new Date(Date.parse(v(2)) + 1),
        until: new Date(Date.parse(v(6)) - 1),
      }),
    ).toBe(90);
    // Open-ended on either side.
    expect(await countChangedJobs(table, 'pending', { after: new Date(v(7)) })).toBe(60);
    expect(await countChangedJobs(table, 'pending', { until: new Date(v(0)) })).toBe(30);
    expect(await collect(listChangedJobs(table, 'pending', { after: new Date(v(9)) }))).toEqual([]);
    // An empty window (after t, until t), or one the wrong way round: nothing, not an error.
    const t = new Date(v(4));
    expect(await countChangedJobs(table, 'pending', { after: t, until: t })).toBe(0);
    expect(
      await collect(listChangedJobs(table, 'pending', { after: t, until: new Date(t.getTime() - 5000) })),
    ).toEqual([]);
  });

  it('listJobsByStatus: the oldest that changed before the instant, up to the limit', async () => {
    const ten = await listJobsByStatus(table, 'pending', new Date(v(3)), 10);
    expect(ten).toHaveLength(10);
    expect(new Set(ten.map((job) => job.id)).size).toBe(10);
    // The 10 oldest are all on v(0) (30 jobs tie there; any 10 of them).
    const oldest = new Set(pending.filter((item) => item.updatedAt === v(0)).map((item) => item.id));
    expect(ten.every((job) => oldest.has(job.id) && job.status === 'pending')).toBe(true);

    // 40: all 30 of v(0), then 10 of v(1), oldest first.
    const forty = await listJobsByStatus(table, 'pending', new Date(v(3)), 40);
    expect(forty).toHaveLength(40);
    expect(new Set(forty.map((job) => job.id)).size).toBe(40);
    expectNonDecreasing(forty.map((job) => job.updatedAt));
    expect(forty.filter((job) => job.updatedAt === v(0))).toHaveLength(30);
    expect(forty.filter((job) => job.updatedAt === v(1))).toHaveLength(10);

    // `before` is exclusive: before v(1) leaves only the 30 of v(0), however large the limit.
    const upTo = await listJobsByStatus(table, 'pending', new Date(v(1)), 100);
    expect(upTo).toHaveLength(30);
    expect(upTo.every((job) => job.updatedAt === v(0))).toBe(true);
    expect(await listJobsByStatus(table, 'pending', new Date(v(0)), 10)).toEqual([]);
  });

  it('queryByStatus with a request cap, descending: resuming from each returned position reads all 300 once', async () => {
    const seen: Item[] = [];
    const positions: ListPosition[] = [];
    let startAfter: ListPosition | undefined;
    for (let call = 0; ; call++) {
      if (call > 200) throw new Error('no end after 200 resumes');
      const items = queryByStatus(table, 'pending', {
        pageSize: 3,
        maxRequests: 40,
        descending: true,
        ...(startAfter ? { startAfter } : {}),
      });
      let result = await items.next();
      while (!result.done) {
        seen.push(result.value);
        result = await items.next();
      }
      if (!result.value) break;
      if (startAfter) expect(laterInNewestOrder(result.value, startAfter)).toBe(true);
      positions.push(result.value);
      startAfter = result.value;
    }

    // The cap did bite (300 jobs at 3 a request is ~100+ requests), so this tested resuming.
    expect(positions.length).toBeGreaterThan(1);
    const ids = seen.map((item) => String(item.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(pending.map((item) => String(item.id)).sort());
    // And the merged order holds across the resumes.
    expectNonIncreasing(seen.map((item) => String(item.updatedAt)));
  });
});

describe('byStatus shards merged: a rare type that is the oldest of 2,000', () => {
  let table: JobsTableRef;
  let needle: Item;

  beforeAll(async () => {
    table = nextTable();
    const items: Item[] = [];
    // Each on its own millisecond; index 0 is the oldest and the only 'needle'.
    for (let i = 0; i < 2000; i++)
      items.push(
        rawJob(randomUUID(), 'pending', new Date(BASE + i).toISOString(), i === 0 ? 'needle' : 'noop'),
      );
    needle = items[0] as Item;
    await putRaw(table, items);
  });

  it('listNewestJobs with type needle, limit 5: bounded empty pages that progress, then the needle, then null', async () => {
    const { table: countedTable, requests } = counted(table);
    const pages: NewestPage[] = [];
    let after: ListPosition | undefined;
    for (;;) {
      if (pages.length >= 100) throw new Error('still a next after 100 pages');
      const before = requests();
      const page = await listNewestJobs(countedTable, 'pending', {
        limit: 5,
        type: 'needle',
        ...(after ? { after } : {}),
      });
      // Each page's work is bounded: one request per shard, and 10 more.
      expect(requests() - before).toBeLessThanOrEqual(STATUS_SHARDS + 10);
      pages.push(page);
      if (!page.next) break;
      if (after) expect(page.next.updatedAt < after.updatedAt).toBe(true);
      after = page.next;
    }

    // The first page stopped early: nothing yet, but somewhere to go on.
    expect(pages[0]?.jobs).toEqual([]);
    expect(pages[0]?.next).not.toBeNull();
    expect(pages.length).toBeGreaterThan(2);
    const jobs = pages.flatMap((page) => page.jobs);
    expect(jobs.map((job) => job.id)).toEqual([needle.id]);
    expect(pages.at(-1)?.next).toBeNull();
  });
});

describe('byStatus shards merged: the listing moves on', () => {
  it('a page resumes correctly when the last job of the previous page left the status meanwhile', async () => {
    const table = nextTable();
    const items = Array.from({ length: 60 }, (_, i) => rawJob(randomUUID(), 'pending', v(i % 4)));
    await putRaw(table, items);

    const seen: string[] = [];
    const moved: string[] = [];
    let after: ListPosition | undefined;
    for (let n = 0; n < 100; n++) {
      const page: NewestPage = await listNewestJobs(table, 'pending', {
        limit: 7,
        ...(after ? { after } : {}),
      });
      seen.push(...page.jobs.map((job) => job.id));
      if (!page.next) break;
      // A worker claims the last job shown: it leaves the pending index before the next page.
      const last = page.jobs.at(-1) as JobSummary;
      await table.client.send(
        new UpdateCommand({
          TableName: table.tableName,
          Key: { id: last.id },
          UpdateExpression: 'SET #status = :running, statusShard = :shard, updatedAt = :now',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':running': 'running',
            ':shard': statusShardOf(last.id, 'running'),
            ':now': v(100),
          },
        }),
      );
      moved.push(last.id);
      after = page.next;
    }

    expect(moved.length).toBeGreaterThan(3);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(items.map((item) => String(item.id)).sort());
  });
});
