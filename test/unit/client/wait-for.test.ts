import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import {
  createClient,
  InvalidArgumentError,
  type JobProgress,
  WaitTimeoutError,
} from '../../../src/client/index.ts';
import type { jobs } from '../../fixtures/client/jobs.ts';
import { type ScriptedServer, startScriptedServer } from '../../helpers/scripted-http-server.ts';

const ID = '3f0c8a9e-1b2c-4d5e-8f00-0123456789ab';
const base = {
  id: ID,
  type: 'email',
  attempts: 1,
  maxAttempts: 3,
  createdAt: '2026-06-01T12:00:00.000Z',
  updatedAt: '2026-06-01T12:00:01.000Z',
};
const RESULT = { messageId: '<1@example.com>', accepted: ['ada@example.com'] };

/** A job that is pending, then running, then ends as `final` on the status poll number `finishAt`. */
function jobApi(final: Record<string, unknown>, finishAt = 3) {
  let polls = 0;
  return ({ method, url }: { method: string; url: string }) => {
    if (method === 'POST') return { status: 202, body: { id: ID, status: 'pending' } };
    if (url.endsWith('/status')) {
      polls += 1;
      const status = polls >= finishAt ? final.status : polls === 1 ? 'pending' : 'running';
      return { status: 200, body: { ...base, status } };
    }
    return { status: 200, body: { ...base, payload: { to: 'ada@example.com' }, ...final } };
  };
}

describe('waitFor: polling until the job is final', () => {
  let server: ScriptedServer;
  afterEach(() => server.close());

  it('polls the status view, then reads the whole job once, typed by the handler', async () => {
    server = await startScriptedServer(jobApi({ status: 'completed', result: RESULT }));
    const client = createClient<typeof jobs>({ url: server.url });
    const { id } = await client.enqueue('email', { to: 'ada@example.com' });
    const job = await client.waitFor(id, { intervalMs: 10 });
    expect(job).toMatchObject({
      id: ID,
      status: 'completed',
      result: RESULT,
      payload: { to: 'ada@example.com' },
    });
    if (job.status !== 'completed') throw new Error('expected completed');
    expectTypeOf(job.result).toEqualTypeOf<{ messageId: string; accepted: string[] }>();
    expect(job.result.accepted).toEqual(['ada@example.com']);
    expect(server.requests.map((r) => `${r.method} ${r.url}`).slice(1)).toEqual([
      `GET /jobs/${ID}/status`,
      `GET /jobs/${ID}/status`,
      `GET /jobs/${ID}/status`,
      `GET /jobs/${ID}`,
    ]);
  });

  it('resolves with a failed or canceled job too, its error included', async () => {
    server = await startScriptedServer(
      jobApi({ status: 'failed', error: { name: 'Error', message: 'SMTP timeout' } }, 1),
    );
    const job = await createClient<typeof jobs>({ url: server.url }).waitFor(ID, { intervalMs: 10 });
    expect(job).toMatchObject({ status: 'failed', error: { message: 'SMTP timeout' } });
    expect(job.result).toBeUndefined();
  });

  it('rejects with a WaitTimeoutError naming the job and the status last seen', async () => {
    server = await startScriptedServer(jobApi({ status: 'completed' }, Number.POSITIVE_INFINITY));
    const started = Date.now();
    const error = await createClient<typeof jobs>({ url: server.url })
      .waitFor(ID, { timeoutMs: 200, intervalMs: 20 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error).toMatchObject({ code: 'WaitTimeout', jobId: ID, timeoutMs: 200, lastStatus: 'running' });
    expect((error as Error).message).toBe(`Job ${ID} did not finish within 200 ms (last status: running).`);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('times out on time even while a request hangs', async () => {
    server = await startScriptedServer(() => new Promise(() => undefined));
    const started = Date.now();
    const error = await createClient<typeof jobs>({ url: server.url })
      .waitFor(ID, { timeoutMs: 150 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'WaitTimeoutError', lastStatus: undefined });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("stops when the caller's signal aborts, with the signal's reason", async () => {
    server = await startScriptedServer(jobApi({ status: 'completed' }, Number.POSITIVE_INFINITY));
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('user left the page')), 50);
    await expect(
      createClient<typeof jobs>({ url: server.url }).waitFor(ID, {
        intervalMs: 10,
        signal: controller.signal,
      }),
    ).rejects.toThrow('user left the page');
  });

  it('propagates an API error such as an unknown job at once', async () => {
    server = await startScriptedServer(() => ({
      status: 404,
      body: { error: { code: 'JobNotFound', message: `No job with id "${ID}".`, details: { id: ID } } },
    }));
    await expect(createClient<typeof jobs>({ url: server.url }).waitFor(ID)).rejects.toMatchObject({
      status: 404,
      code: 'JobNotFound',
    });
    expect(server.requests).toHaveLength(1);
  });
});

/**
 * A fetch that answers the status polls with `views` in turn (the last one again and again), and
 * `GET /jobs/{id}` with the last one as a whole job; no server, no wait between polls.
 */
function scriptedPolls(...views: Record<string, unknown>[]) {
  const calls: string[] = [];
  let polls = 0;
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const path = new URL(String(input)).pathname;
    calls.push(`${init?.method ?? 'GET'} ${path}`);
    if (path.endsWith('/status'))
      return Response.json({ ...base, ...views[Math.min(polls++, views.length - 1)] });
    return Response.json({ ...base, payload: { to: 'ada@example.com' }, ...views.at(-1) });
  };
  return { client: createClient<typeof jobs>({ url: 'http://127.0.0.1:8080', fetch }), calls };
}

const at = (second: number) => `2026-06-01T12:00:${String(second).padStart(2, '0')}.000Z`;

describe('waitFor: progress', () => {
  it('tells onProgress of each new report once, with the status view it came in, up to the last one', async () => {
    const { client, calls } = scriptedPolls(
      { status: 'pending' },
      { status: 'running', progress: { percent: 10, message: 'slept 1000 of 10000 ms', at: at(2) } },
      // The same report on the next poll: heard once.
      { status: 'running', progress: { percent: 10, message: 'slept 1000 of 10000 ms', at: at(2) } },
      { status: 'running', progress: { percent: 40, message: 'slept 4000 of 10000 ms', at: at(5) } },
      // The attempt failed; the next one starts without progress, then reports its own.
      { status: 'pending', error: { name: 'Error', message: 'boom' } },
      { status: 'running', attempts: 2, progress: { percent: 5, at: at(9) } },
      // Stored in the same instant, yet another value: a new report.
      { status: 'running', attempts: 2, progress: { percent: 6, at: at(9) } },
      { status: 'completed', attempts: 2, progress: { percent: 90, message: 'almost', at: at(12) } },
    );
    const heard: [JobProgress, string, number][] = [];
    const job = await client.waitFor(ID, {
      intervalMs: 0,
      onProgress: (progress, view) => {
        heard.push([progress, view.status, view.attempts]);
        expectTypeOf(view.type).toEqualTypeOf<'email' | 'resize' | 'noop'>();
      },
    });
    expect(job.status).toBe('completed');
    expect(heard).toEqual([
      [{ percent: 10, message: 'slept 1000 of 10000 ms', at: at(2) }, 'running', 1],
      [{ percent: 40, message: 'slept 4000 of 10000 ms', at: at(5) }, 'running', 1],
      [{ percent: 5, at: at(9) }, 'running', 2],
      [{ percent: 6, at: at(9) }, 'running', 2],
      [{ percent: 90, message: 'almost', at: at(12) }, 'completed', 2],
    ]);
    // Progress costs no request of its own: eight polls, then the whole job once.
    expect(calls).toEqual([...Array(8).fill(`GET /jobs/${ID}/status`), `GET /jobs/${ID}`]);
  });

  it('stays silent for a job that reports no progress', async () => {
    const { client } = scriptedPolls({ status: 'running' }, { status: 'completed', result: RESULT });
    let heard = 0;
    await client.waitFor(ID, { intervalMs: 0, onProgress: () => heard++ });
    expect(heard).toBe(0);
  });

  it('ends the wait with the error onProgress throws, polling no more', async () => {
    const { client, calls } = scriptedPolls(
      { status: 'running', progress: { percent: 10, at: at(2) } },
      { status: 'completed' },
    );
    const onProgress = () => {
      throw new Error('the progress bar broke');
    };
    await expect(client.waitFor(ID, { intervalMs: 0, onProgress })).rejects.toThrow('the progress bar broke');
    expect(calls).toEqual([`GET /jobs/${ID}/status`]);
  });

  it('refuses an onProgress that is not a function before any request', async () => {
    const { client, calls } = scriptedPolls({ status: 'completed' });
    const onProgress = 'console.log' as unknown as () => void;
    await expect(client.waitFor(ID, { onProgress })).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(calls).toEqual([]);
  });
});
