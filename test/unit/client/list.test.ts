import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../../src/client/index.ts';
import type { jobs } from '../../fixtures/client/jobs.ts';
import { type ScriptedServer, startScriptedServer } from '../../helpers/scripted-http-server.ts';

const summary = (n: number) => ({
  id: `job-${n}`,
  type: 'email',
  status: 'failed',
  attempts: 3,
  maxAttempts: 3,
  createdAt: '2026-06-01T12:00:00.000Z',
  updatedAt: `2026-06-01T12:00:${String(59 - n).padStart(2, '0')}.000Z`,
});

/** Seven jobs in pages of at most `limit` and at most 3, chained by opaque cursors. */
function pagedApi(total = 7, pageCap = 3) {
  return ({ url }: { url: string }) => {
    const query = new URL(url, 'http://x').searchParams;
    const from = query.has('cursor')
      ? Number(Buffer.from(query.get('cursor') ?? '', 'base64url').toString())
      : 0;
    const size = Math.min(Number(query.get('limit') ?? 20), pageCap);
    const to = Math.min(from + size, total);
    const page = Array.from({ length: to - from }, (_, i) => summary(from + i));
    const nextCursor = to < total ? Buffer.from(String(to)).toString('base64url') : null;
    return { status: 200, body: { jobs: page, nextCursor, limit: Number(query.get('limit')) } };
  };
}

describe('list: the jobs page by page', () => {
  let server: ScriptedServer;
  afterEach(() => server.close());

  it('follows nextCursor across 3 pages until it is null, keeping the filters', async () => {
    server = await startScriptedServer(pagedApi());
    const client = createClient<typeof jobs>({ url: server.url });
    const seen: string[] = [];
    for await (const job of client.list({ status: 'failed', type: 'email' })) seen.push(job.id);
    expect(seen).toEqual(['job-0', 'job-1', 'job-2', 'job-3', 'job-4', 'job-5', 'job-6']);
    const cursor = (n: number) => Buffer.from(String(n)).toString('base64url');
    expect(server.requests.map((r) => r.url)).toEqual([
      '/jobs?status=failed&type=email&limit=100',
      `/jobs?status=failed&type=email&limit=100&cursor=${cursor(3)}`,
      `/jobs?status=failed&type=email&limit=100&cursor=${cursor(6)}`,
    ]);
  });

  it('stops after `limit` jobs, asking no page for more than are left', async () => {
    server = await startScriptedServer(pagedApi());
    const client = createClient<typeof jobs>({ url: server.url });
    const seen: string[] = [];
    for await (const job of client.list({ limit: 5 })) seen.push(job.id);
    expect(seen).toEqual(['job-0', 'job-1', 'job-2', 'job-3', 'job-4']);
    expect(server.requests.map((r) => new URL(r.url, 'http://x').searchParams.get('limit'))).toEqual([
      '5',
      '2',
    ]);
  });

  it('fetches no further page when the loop breaks, and starts over on a new loop', async () => {
    server = await startScriptedServer(pagedApi());
    const listing = createClient<typeof jobs>({ url: server.url }).list();
    for await (const job of listing) if (job.id === 'job-1') break;
    expect(server.requests).toHaveLength(1);
    const again: string[] = [];
    for await (const job of listing) again.push(job.id);
    expect(again).toHaveLength(7);
    expect(server.requests).toHaveLength(4);
  });

  it('goes on past an empty page that still has a cursor (a type filter skipped many)', async () => {
    const pages = [
      { jobs: [summary(0)], nextCursor: 'a' },
      { jobs: [], nextCursor: 'b' },
      { jobs: [summary(1)], nextCursor: null },
    ];
    server = await startScriptedServer((_, index) => ({ status: 200, body: pages[index] }));
    const seen: string[] = [];
    for await (const job of createClient<typeof jobs>({ url: server.url }).list({ type: 'email' }))
      seen.push(job.id);
    expect(seen).toEqual(['job-0', 'job-1']);
  });
});
