import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createClient,
  DEFAULT_MAX_RETRIES,
  MAX_RETRY_DELAY_MS,
  SqsJobsApiError,
  type SqsJobsClient,
} from '../../../src/client/index.ts';
import { retryDelayMs } from '../../../src/client/retry.ts';
import type { jobs } from '../../fixtures/client/jobs.ts';
import { type ScriptedServer, startScriptedServer } from '../../helpers/scripted-http-server.ts';

const URL_ = 'http://127.0.0.1:8080';
const ID = '3f0c8a9e-1b2c-4d5e-8f00-0123456789ab';
const backpressure = () =>
  Response.json(
    { error: { code: 'Backpressure', message: 'The queue is full.', details: { retryAfterSeconds: 1 } } },
    { status: 429, headers: { 'retry-after': '1' } },
  );
const accepted = () => Response.json({ id: ID, status: 'pending' }, { status: 202 });

/** A fetch that answers from a script, in order, and counts its calls. */
function scripted(...answers: (() => Response)[]) {
  const calls: string[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    calls.push(`${init?.method} ${new URL(String(input)).pathname}`);
    const next = answers[Math.min(calls.length - 1, answers.length - 1)];
    if (!next) throw new Error('no answer scripted');
    return next();
  };
  return { fetch, calls };
}

describe('retries of throttled and safely failed calls', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-06-01T12:00:00Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits what Retry-After says after a 429, then succeeds', async () => {
    const { fetch, calls } = scripted(backpressure, accepted);
    const done = createClient<typeof jobs>({ url: URL_, fetch }).enqueue('noop');
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(done).resolves.toEqual({ id: ID, status: 'pending' });
    expect(calls).toEqual(['POST /jobs', 'POST /jobs']);
  });

  it(`throws the typed 429 after ${DEFAULT_MAX_RETRIES} retries by default, and after maxRetries when given`, async () => {
    const byDefault = scripted(backpressure);
    const failing = createClient<typeof jobs>({ url: URL_, fetch: byDefault.fetch }).enqueue('noop');
    const caught = failing.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(10_000);
    const error = await caught;
    expect(error).toBeInstanceOf(SqsJobsApiError);
    expect(error).toMatchObject({
      status: 429,
      code: 'Backpressure',
      message: 'The queue is full.',
      details: { retryAfterSeconds: 1 },
    });
    expect(byDefault.calls).toHaveLength(1 + DEFAULT_MAX_RETRIES);

    const once = scripted(backpressure);
    const caughtOnce = createClient<typeof jobs>({ url: URL_, fetch: once.fetch, maxRetries: 1 })
      .status()
      .catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await caughtOnce).toMatchObject({ status: 429 });
    expect(once.calls).toHaveLength(2);

    const never = scripted(backpressure);
    await expect(
      createClient<typeof jobs>({ url: URL_, fetch: never.fetch, maxRetries: 0 }).status(),
    ).rejects.toMatchObject({ status: 429 });
    expect(never.calls).toHaveLength(1);
  });

  it(`caps a long Retry-After at ${MAX_RETRY_DELAY_MS / 1000} s`, async () => {
    const hour = () =>
      Response.json({ message: 'Too Many Requests' }, { status: 429, headers: { 'retry-after': '3600' } });
    const { fetch, calls } = scripted(hour, accepted);
    const done = createClient<typeof jobs>({ url: URL_, fetch }).enqueue('noop');
    await vi.advanceTimersByTimeAsync(MAX_RETRY_DELAY_MS - 1);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(done).resolves.toMatchObject({ id: ID });
  });

  it('retries a 503 EnqueueFailed of a submission (it was rolled back) and a 503 of any read', async () => {
    const enqueueFailed = () =>
      Response.json(
        { error: { code: 'EnqueueFailed', message: 'The job could not be queued.', details: {} } },
        { status: 503 },
      );
    const submit = scripted(enqueueFailed, accepted);
    const submitted = createClient<typeof jobs>({ url: URL_, fetch: submit.fetch }).enqueue('noop');
    await vi.advanceTimersByTimeAsync(MAX_RETRY_DELAY_MS);
    await expect(submitted).resolves.toMatchObject({ id: ID });
    expect(submit.calls).toEqual(['POST /jobs', 'POST /jobs']);

    const unavailable = () => new Response('Service Unavailable', { status: 503 });
    const read = scripted(unavailable, () => Response.json({ pending: 3 }));
    const status = createClient<typeof jobs>({ url: URL_, fetch: read.fetch }).status();
    await vi.advanceTimersByTimeAsync(MAX_RETRY_DELAY_MS);
    await expect(status).resolves.toEqual({ pending: 3 });
  });

  it('does not retry what a retry could repeat or not help: a 503 of retry, a used-up quota, a 500, a 400', async () => {
    const cases: [string, () => Response, (c: SqsJobsClient<typeof jobs>) => Promise<unknown>][] = [
      [
        'EnqueueFailed',
        () => Response.json({ error: { code: 'EnqueueFailed', message: 'm', details: {} } }, { status: 503 }),
        (c) => c.retry(ID),
      ],
      [
        'QuotaExceeded',
        () => Response.json({ error: { code: 'QuotaExceeded', message: 'm', details: {} } }, { status: 429 }),
        (c) => c.status(),
      ],
      [
        'InternalError',
        () => Response.json({ error: { code: 'InternalError', message: 'm', details: {} } }, { status: 500 }),
        (c) => c.get(ID),
      ],
      [
        'ValidationError',
        () =>
          Response.json({ error: { code: 'ValidationError', message: 'm', details: {} } }, { status: 400 }),
        (c) => c.enqueue('noop'),
      ],
    ];
    for (const [code, answer, call] of cases) {
      const { fetch, calls } = scripted(answer, accepted);
      await expect(call(createClient<typeof jobs>({ url: URL_, fetch }))).rejects.toMatchObject({ code });
      expect(calls, code).toHaveLength(1);
    }
  });

  it('backs off exponentially with full jitter when no Retry-After came, and reads an HTTP date', () => {
    const now = Date.parse('2026-06-01T12:00:00Z');
    expect([0, 1, 2, 3].map((retry) => retryDelayMs(null, retry, now, () => 1))).toEqual([
      250, 500, 1000, 2000,
    ]);
    expect(retryDelayMs(null, 20, now, () => 1)).toBe(MAX_RETRY_DELAY_MS);
    expect(retryDelayMs(null, 2, now, () => 0.5)).toBe(500);
    expect(retryDelayMs('2', 0, now)).toBe(2000);
    expect(retryDelayMs('0', 3, now)).toBe(0);
    expect(retryDelayMs('Mon, 01 Jun 2026 12:00:05 GMT', 0, now)).toBe(5000);
    expect(retryDelayMs('Mon, 01 Jun 2026 11:00:00 GMT', 0, now)).toBe(0);
    expect(retryDelayMs('soon', 0, now, () => 1)).toBe(250);
  });
});

describe('retries over the wire', () => {
  let server: ScriptedServer;
  afterEach(() => server.close());

  it('retries a 429 with Retry-After: 1 after a second, with the same body and key', async () => {
    server = await startScriptedServer((_, index) =>
      index === 0
        ? {
            status: 429,
            body: { error: { code: 'Throttled', message: 'Too many requests; retry later.', details: {} } },
            headers: { 'retry-after': '1' },
          }
        : { status: 202, body: { id: ID, status: 'pending' } },
    );
    const started = Date.now();
    const client = createClient<typeof jobs>({ url: server.url, apiKey: 'key-0123456789abcdefgh' });
    await expect(client.enqueue('email', { to: 'ada@example.com' })).resolves.toEqual({
      id: ID,
      status: 'pending',
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    const [first, second] = server.requests;
    expect(second?.body).toBe(first?.body);
    expect(second?.headers['x-api-key']).toBe('key-0123456789abcdefgh');
  });
});
