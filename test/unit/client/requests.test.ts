import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient, InvalidArgumentError } from '../../../src/client/index.ts';
import type { jobs } from '../../fixtures/client/jobs.ts';
import { type ScriptedServer, startScriptedServer } from '../../helpers/scripted-http-server.ts';

const ID = '3f0c8a9e-1b2c-4d5e-8f00-0123456789ab';

/** Answers every route with a body of the API's shape, enough for the client to go on. */
function apiLike(method: string, url: string) {
  if (method === 'POST' && url.endsWith('/jobs')) return { status: 202, body: { id: ID, status: 'pending' } };
  if (url.includes('/cancel')) return { status: 202, body: { id: ID, status: 'canceled' } };
  if (url.includes('/retry')) return { status: 202, body: { id: ID, status: 'pending' } };
  if (url.includes('/reschedule'))
    return { status: 202, body: { id: ID, status: 'scheduled', runAt: '2026-12-01T08:30:00.000Z' } };
  if (url.endsWith('/jobs/batch')) return { status: 200, body: { accepted: 0, rejected: 0, results: [] } };
  if (url.includes('/dlq/redrive'))
    return { status: 200, body: { moved: 1, stale: 0, skipped: 0, more: false } };
  if (url.includes('/jobs?')) return { status: 200, body: { jobs: [], nextCursor: null, limit: 100 } };
  return {
    status: 200,
    body: { id: ID, type: 'email', status: 'pending', payload: { to: 'ada@example.com' } },
  };
}

describe('the client sends the requests the API reads', () => {
  let server: ScriptedServer;
  beforeEach(async () => {
    server = await startScriptedServer(({ method, url }) => apiLike(method, url));
  });
  afterEach(() => server.close());

  const sent = () => server.requests.map((r) => `${r.method} ${r.url}${r.body ? ` ${r.body}` : ''}`);

  it('submits the envelope form {type, payload, maxAttempts} as JSON and answers the branded id', async () => {
    const client = createClient<typeof jobs>({ url: server.url });
    const answer = await client.enqueue('email', { to: 'ada@example.com' }, { maxAttempts: 5 });
    await client.enqueue('noop');
    expect(answer).toEqual({ id: ID, status: 'pending' });
    expect(sent()).toEqual([
      'POST /jobs {"type":"email","payload":{"to":"ada@example.com"},"maxAttempts":5}',
      'POST /jobs {"type":"noop","payload":{}}',
    ]);
    const [first] = server.requests;
    expect(first?.headers['content-type']).toBe('application/json');
    expect(first?.headers.accept).toBe('application/json');
  });

  it('sends a later start next to maxAttempts: delaySeconds as given, a Date runAt as ISO 8601', async () => {
    const client = createClient<typeof jobs>({ url: server.url });
    await client.enqueue('noop', {}, { delaySeconds: 600 });
    await client.enqueue('noop', {}, { runAt: new Date('2026-12-01T09:30:00+01:00'), maxAttempts: 2 });
    await client.enqueue('noop', {}, { runAt: '2026-12-01T09:30:00+01:00' });
    await client.enqueueBatch([
      { type: 'noop', delaySeconds: 0 },
      { type: 'email', payload: { to: 'ada@example.com' }, runAt: new Date('2026-12-01T08:30:00Z') },
    ]);
    expect(sent()).toEqual([
      'POST /jobs {"type":"noop","payload":{},"delaySeconds":600}',
      'POST /jobs {"type":"noop","payload":{},"maxAttempts":2,"runAt":"2026-12-01T08:30:00.000Z"}',
      // A string is the caller's: the API reads its offset.
      'POST /jobs {"type":"noop","payload":{},"runAt":"2026-12-01T09:30:00+01:00"}',
      'POST /jobs/batch {"jobs":[{"type":"noop","payload":{},"delaySeconds":0},{"type":"email","payload":{"to":"ada@example.com"},"runAt":"2026-12-01T08:30:00.000Z"}]}',
    ]);
  });

  it('sends an idempotency key as the body field idempotencyKey (no header), in a batch too', async () => {
    const client = createClient<typeof jobs>({ url: server.url });
    await client.enqueue(
      'email',
      { to: 'ada@example.com' },
      { idempotencyKey: 'order-42', delaySeconds: 60 },
    );
    // A payload field of that name stays payload: the envelope form.
    await client.enqueue('noop', { idempotencyKey: 'in-payload' } as never);
    await client.enqueueBatch([{ type: 'noop', idempotencyKey: 'k1' }, { type: 'noop' }]);
    expect(sent()).toEqual([
      'POST /jobs {"type":"email","payload":{"to":"ada@example.com"},"delaySeconds":60,"idempotencyKey":"order-42"}',
      'POST /jobs {"type":"noop","payload":{"idempotencyKey":"in-payload"}}',
      'POST /jobs/batch {"jobs":[{"type":"noop","payload":{},"idempotencyKey":"k1"},{"type":"noop","payload":{}}]}',
    ]);
    expect(server.requests.every((r) => r.headers['idempotency-key'] === undefined)).toBe(true);
  });

  it('sends a priority as the body field priority, in a batch too, and leaves it out when not given', async () => {
    const client = createClient<typeof jobs>({ url: server.url });
    await client.enqueue('email', { to: 'ada@example.com' }, { priority: 'high', maxAttempts: 2 });
    // A payload field of that name stays payload: the envelope form.
    await client.enqueue('noop', { priority: 'in-payload' } as never);
    await client.enqueueBatch([{ type: 'noop', priority: 'low', delaySeconds: 60 }, { type: 'noop' }]);
    expect(sent()).toEqual([
      'POST /jobs {"type":"email","payload":{"to":"ada@example.com"},"maxAttempts":2,"priority":"high"}',
      'POST /jobs {"type":"noop","payload":{"priority":"in-payload"}}',
      'POST /jobs/batch {"jobs":[{"type":"noop","payload":{},"priority":"low","delaySeconds":60},{"type":"noop","payload":{}}]}',
    ]);
  });

  it('resolves a duplicate (200, the key’s first job in any status) as it resolves a new job (202)', async () => {
    const duplicate = { id: ID, status: 'completed', runAt: '2026-12-01T08:30:00.000Z', duplicate: true };
    const replaying = await startScriptedServer(({ body }) =>
      body.includes('"idempotencyKey"')
        ? { status: 200, body: duplicate, headers: { 'idempotent-replayed': 'true' } }
        : { status: 202, body: { id: ID, status: 'pending' } },
    );
    try {
      const client = createClient<typeof jobs>({ url: replaying.url });
      expect(await client.enqueue('noop', {}, { idempotencyKey: 'k1' })).toEqual(duplicate);
      expect(await client.enqueue('noop')).toEqual({ id: ID, status: 'pending' });
    } finally {
      await replaying.close();
    }
  });

  it('leaves an invalid Date for the API to refuse, naming runAt, rather than throwing', async () => {
    const client = createClient<typeof jobs>({ url: server.url });
    await client.enqueue('noop', {}, { runAt: new Date('not a date') });
    expect(sent()).toEqual(['POST /jobs {"type":"noop","payload":{},"runAt":"Invalid Date"}']);
  });

  it('reschedules with exactly the new start given, and answers the job with its runAt', async () => {
    const client = createClient<typeof jobs>({ url: server.url });
    const moved = await client.reschedule(ID, { runAt: new Date('2026-12-01T08:30:00Z') });
    await client.reschedule(ID, { delaySeconds: 0 });
    expect(moved).toEqual({ id: ID, status: 'scheduled', runAt: '2026-12-01T08:30:00.000Z' });
    expect(sent()).toEqual([
      `POST /jobs/${ID}/reschedule {"runAt":"2026-12-01T08:30:00.000Z"}`,
      `POST /jobs/${ID}/reschedule {"delaySeconds":0}`,
    ]);
    await expect(client.reschedule('', { delaySeconds: 1 })).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it('keeps the stage of the URL as a path prefix, with or without a trailing slash', async () => {
    await createClient<typeof jobs>({ url: `${server.url}/prod/` }).status();
    await createClient<typeof jobs>({ url: `${server.url}/prod` }).get(ID);
    expect(sent()).toEqual(['GET /prod/status', `GET /prod/jobs/${ID}`]);
  });

  it('calls each route with its method, path, query and body', async () => {
    const client = createClient<typeof jobs>({ url: server.url });
    await client.get(ID);
    await client.jobStatus(ID);
    await client.cancel(ID);
    await client.retry(ID);
    await client.retry(ID, { payload: { to: 'bob@example.com' } });
    await client.redrive();
    await client.redrive({ type: 'email' });
    await client.status();
    await client.stats();
    await client.stats({ hours: 6 });
    for await (const _ of client.list({ status: 'failed', type: 'email' })) break;
    // An id is one path segment however it is spelled.
    await client.get('a/b c');
    expect(sent()).toEqual([
      `GET /jobs/${ID}`,
      `GET /jobs/${ID}/status`,
      `POST /jobs/${ID}/cancel`,
      `POST /jobs/${ID}/retry`,
      `POST /jobs/${ID}/retry {"payload":{"to":"bob@example.com"}}`,
      'POST /dlq/redrive {}',
      'POST /dlq/redrive {"type":"email"}',
      'GET /status',
      'GET /stats',
      'GET /stats?hours=6',
      'GET /jobs?status=failed&type=email&limit=100',
      'GET /jobs/a%2Fb%20c',
    ]);
    // No body, no content type: the API reads "no body" as "no new payload".
    expect(server.requests[3]?.headers['content-type']).toBeUndefined();
  });

  it('sends the API key as x-api-key on every request, and no key header without one', async () => {
    const keyed = createClient<typeof jobs>({ url: server.url, apiKey: 'my-team-key-0123456789' });
    await keyed.enqueue('noop');
    await keyed.get(ID);
    await createClient<typeof jobs>({ url: server.url }).status();
    expect(server.requests.map((r) => r.headers['x-api-key'])).toEqual([
      'my-team-key-0123456789',
      'my-team-key-0123456789',
      undefined,
    ]);
    expect(server.requests.every((r) => r.headers.authorization === undefined)).toBe(true);
  });

  it('sends requests through the fetch it is given', async () => {
    const seen: string[] = [];
    const client = createClient<typeof jobs>({
      url: server.url,
      fetch: (input, init) => {
        seen.push(`${init?.method} ${String(input)}`);
        return fetch(input, init);
      },
    });
    await client.status();
    expect(seen).toEqual([`GET ${server.url}/status`]);
  });
});
