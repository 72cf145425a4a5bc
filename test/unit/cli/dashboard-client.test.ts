import { describe, expect, it } from 'vitest';
import { StatusClient } from '../../../cli/dashboard/client.ts';
import {
  ApiStatusError,
  ApiUnreachableError,
  UnexpectedResponseError,
} from '../../../cli/dashboard/errors.ts';
import { createReader, type DashboardApi, describeProblem } from '../../../cli/dashboard/loop.ts';
import type { StatusView } from '../../../src/core/stats.ts';
import { aHeldBackStats, aSnapshot, aStatusView, emptyWindow } from '../../helpers/stats.ts';

const STATUS: StatusView = aStatusView({
  queue: null,
  queues: null,
  deadLetterQueue: null,
  throughput: { completedPerSecond: 14, failedPerSecond: 0, windowSeconds: 60 },
});

interface Sent {
  url: string;
  headers: Headers;
  redirect: RequestInit['redirect'];
}

/** A client whose fetch answers with `answer` and records what was asked. */
function clientAnswering(answer: () => Response | Promise<Response>, apiKey?: string) {
  const sent: Sent[] = [];
  const client = new StatusClient({
    baseUrl: new URL('https://api.example.com/prod'),
    apiKey,
    timeoutMs: 1_000,
    fetch: async (input, init) => {
      sent.push({ url: String(input), headers: new Headers(init?.headers), redirect: init?.redirect });
      return answer();
    },
  });
  return { client, sent };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

const problemOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'no problem',
    (error: unknown) => describeProblem(error),
  );

const signal = new AbortController().signal;

describe('terminal dashboard API client', () => {
  it('reads GET /status under the stage path, sending the key as x-api-key and following no redirect', async () => {
    const { client, sent } = clientAnswering(() => json(200, STATUS), 'k-123');
    await expect(client.readStatus(signal)).resolves.toEqual(STATUS);
    expect(sent[0]?.url).toBe('https://api.example.com/prod/status');
    expect(sent[0]?.headers.get('x-api-key')).toBe('k-123');
    expect(sent[0]?.redirect).toBe('manual');
  });

  it("reads each priority's queue, and an API from before priorities as having none", async () => {
    const queues = aStatusView().queues;
    const current = clientAnswering(() => json(200, { ...STATUS, queue: aStatusView().queue, queues }));
    expect((await current.client.readStatus(signal)).queues).toEqual(queues);
    const { queues: _, ...older } = STATUS;
    const before = clientAnswering(() => json(200, older));
    expect((await before.client.readStatus(signal)).queues).toBeNull();
  });

  it('reads the count of jobs waiting for their dependencies, and an API from before them as 0', async () => {
    const current = clientAnswering(() => json(200, { ...STATUS, waiting: 12 }));
    expect((await current.client.readStatus(signal)).waiting).toBe(12);
    const { waiting: _, scheduled: __, ...older } = STATUS;
    const before = clientAnswering(() => json(200, older));
    expect(await before.client.readStatus(signal)).toMatchObject({ waiting: 0, scheduled: 0 });
  });

  it("words an error answer with the API's own message", async () => {
    const { client } = clientAnswering(() =>
      json(500, { error: { code: 'InternalError', message: 'Internal server error.', details: {} } }),
    );
    const error = await client.readStatus(signal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiStatusError);
    expect(describeProblem(error)).toBe(
      'GET /status answered 500 Internal Server Error: Internal server error. (InternalError)',
    );
  });

  it('says to set the key when the API refuses a request without one, and to check it when one was sent', async () => {
    const forbidden = () => json(403, { message: 'Forbidden' });
    expect(await problemOf(clientAnswering(forbidden).client.readStatus(signal))).toBe(
      'GET /status was refused (403 Forbidden: Forbidden); this API needs a key: set SQS_JOBS_API_KEY',
    );
    expect(await problemOf(clientAnswering(forbidden, 'wrong').client.readStatus(signal))).toContain(
      'check that SQS_JOBS_API_KEY holds this API’s key',
    );
  });

  it('points at the base URL on a 404, and reports a redirect instead of following it', async () => {
    expect(await problemOf(clientAnswering(() => json(404, {})).client.readStatus(signal))).toContain(
      'https://api.example.com/prod/status does not exist (404 Not Found); is --url the API base URL, stage path included (…/prod)?',
    );
    const moved = () =>
      new Response(null, { status: 301, headers: { location: 'https://elsewhere.example/prod/status' } });
    expect(await problemOf(clientAnswering(moved).client.readStatus(signal))).toBe(
      'GET /status redirects (301 Moved Permanently) to https://elsewhere.example/prod/status; use that address as --url',
    );
  });

  it('rejects a 200 that is not a status, naming the field', async () => {
    const { workersAlive: _, ...older } = STATUS;
    const error = await clientAnswering(() => json(200, older))
      .client.readStatus(signal)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(describeProblem(error)).toBe(
      'GET /status answered a shape this dashboard does not know (workersAlive: Invalid input: expected number, received undefined); is the API the same sqs-jobs version?',
    );
    const html = () => new Response('<html>proxy login</html>', { status: 200 });
    expect(await problemOf(clientAnswering(html).client.readStatus(signal))).toBe(
      'GET /status answered with something that is not JSON; is --url the sqs-jobs API?',
    );
  });

  it('says why the API could not be reached', async () => {
    const refused = () => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      });
    };
    const error = await clientAnswering(refused)
      .client.readStatus(signal)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiUnreachableError);
    expect(describeProblem(error)).toBe(
      'Cannot reach https://api.example.com: connection refused (is the API running, on this port?)',
    );
    const slow = () => {
      throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    };
    expect(await problemOf(clientAnswering(slow).client.readStatus(signal))).toBe(
      'Cannot reach https://api.example.com: no answer within 1s',
    );
  });

  it('strips escape sequences from what the API says', async () => {
    const { client } = clientAnswering(() => json(502, { message: 'bad\x1b[2J\x1b]0;title\x07 gateway' }));
    expect(await problemOf(client.readStatus(signal))).toBe(
      'GET /status answered 502 Bad Gateway: bad gateway',
    );
  });
});

describe('terminal dashboard stats', () => {
  const SNAPSHOT = aSnapshot(new Date('2026-01-01T00:00:00.000Z'), {
    lastMinute: {
      ...emptyWindow(),
      queueWaitMs: { p50: 5, p95: 10, p99: 12 },
      runTimeMs: { p50: 15, p95: 20, p99: 25 },
    },
  });
  const HELD_BACK = aHeldBackStats();

  it('reads the latest snapshot’s p95 latencies and holds from GET /stats', async () => {
    const { client, sent } = clientAnswering(() =>
      json(200, { snapshot: { ...SNAPSHOT, heldBack: HELD_BACK }, history: [] }),
    );
    expect(await client.readSnapshot(signal)).toEqual({
      latency: { queueWaitP95Ms: 10, runTimeP95Ms: 20 },
      heldBack: HELD_BACK,
    });
    expect(sent[0]?.url).toBe('https://api.example.com/prod/stats?hours=1');
  });

  it('reads a snapshot from before job limits as having no holds, and no snapshot as having nothing', async () => {
    const older = clientAnswering(() => json(200, { snapshot: SNAPSHOT, history: [] }));
    expect(await older.client.readSnapshot(signal)).toEqual({
      latency: { queueWaitP95Ms: 10, runTimeP95Ms: 20 },
      heldBack: null,
    });
    const none = clientAnswering(() => json(200, { snapshot: null, history: [] }));
    expect(await none.client.readSnapshot(signal)).toEqual({ latency: null, heldBack: null });
  });
});

describe('terminal dashboard refresh', () => {
  it('asks GET /stats for latencies and holds only when a new stats snapshot appears, and carries on without them', async () => {
    let snapshotAt: string | null = null;
    let statsCalls = 0;
    let statsFails = false;
    const heldBack = aHeldBackStats();
    const api: DashboardApi = {
      readStatus: async () => ({ ...STATUS, snapshotAt }),
      readSnapshot: async () => {
        statsCalls++;
        if (statsFails) throw new Error('404');
        return { latency: { queueWaitP95Ms: 10, runTimeP95Ms: 20 }, heldBack };
      },
    };
    const read = createReader(api);
    expect(await read(signal)).toMatchObject({ latency: null, heldBack: null });
    snapshotAt = '2026-01-01T00:00:00.000Z';
    expect(await read(signal)).toMatchObject({ latency: { queueWaitP95Ms: 10, runTimeP95Ms: 20 }, heldBack });
    await read(signal);
    await read(signal);
    expect(statsCalls).toBe(1);
    snapshotAt = '2026-01-01T00:01:00.000Z';
    statsFails = true;
    const reading = await read(signal);
    expect(reading.status.completed).toBe(42);
    expect(reading).toMatchObject({ latency: null, heldBack: null });
    expect(statsCalls).toBe(2);
  });
});
