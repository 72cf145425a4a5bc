import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { apiRoutes } from '../../../functions/api/routes.ts';
import { jobs } from '../../../jobs/index.ts';
import { createMemoryBatchStore } from '../../../src/adapters/memory/batch-store.ts';
import { MemoryDeadLetterQueue } from '../../../src/adapters/memory/dead-letter-queue.ts';
import { createMemoryIdempotencyKeys } from '../../../src/adapters/memory/idempotency-keys.ts';
import { createMemoryJobStore } from '../../../src/adapters/memory/job-store.ts';
import { createMemoryScheduleStore } from '../../../src/adapters/memory/schedule-store.ts';
import { createMemorySnapshotStore } from '../../../src/adapters/memory/snapshot-store.ts';
import type { Job, JobMessage } from '../../../src/core/job.ts';
import { systemClock } from '../../../src/core/ports.ts';
import { httpErrorMapper } from '../../../src/http/error-mapper.ts';
import { createRouter } from '../../../src/http/router.ts';
import { API_ROUTES } from '../../../src/http/routes.ts';
import { apiEvent, lambdaContext } from '../../helpers/api-events.ts';
import { aJob, later } from '../../helpers/jobs.ts';

function api(
  options: { sendFails?: boolean; store?: ReturnType<typeof createMemoryJobStore>; backlog?: number } = {},
) {
  const store = options.store ?? createMemoryJobStore();
  const sent: JobMessage[] = [];
  const deadLetters = new MemoryDeadLetterQueue();
  const stats = createMemorySnapshotStore();
  const routes = apiRoutes({
    store,
    batches: createMemoryBatchStore(),
    keys: createMemoryIdempotencyKeys(),
    schedules: createMemoryScheduleStore(),
    queue: {
      send: async (m) => {
        if (options.sendFails) throw new Error('queue unavailable');
        sent.push(m);
      },
      sendBatch: async (messages) => {
        if (options.sendFails) return { failed: [...messages] };
        sent.push(...messages);
        return { failed: [] };
      },
    },
    deadLetters,
    snapshots: stats,
    history: stats,
    // Only the default priority's queue fills up in these tests; `high` stays empty.
    backlog: {
      high: { depth: async () => ({ visible: 0, inFlight: 0, delayed: 0 }) },
      default: { depth: async () => ({ visible: options.backlog ?? 0, inFlight: 0, delayed: 0 }) },
      low: { depth: async () => ({ visible: options.backlog ?? 0, inFlight: 0, delayed: 0 }) },
    },
    maxBacklog: 100,
    jobs,
    workerLimit: 4,
    clock: systemClock,
  });
  const handler = middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(httpErrorMapper(() => undefined))
    .handler(createRouter(routes));
  const call = async (event: APIGatewayProxyEvent) => {
    const res = (await handler(event, lambdaContext())) as APIGatewayProxyResult;
    const isJson = String(res.headers?.['content-type'] ?? '').startsWith('application/json');
    return {
      status: res.statusCode,
      headers: res.headers ?? {},
      body: isJson ? JSON.parse(res.body) : res.body,
    };
  };
  const post = (body: string, headers: Record<string, string> = {}) =>
    call(apiEvent('POST /jobs', { body, headers }));
  return { store, sent, call, post, routes, deadLetters };
}

describe('API routes', () => {
  it('serves exactly the routes the stack declares', () => {
    expect(Object.keys(api().routes).sort()).toEqual([...API_ROUTES].sort());
  });

  it('accepts the quickstart curl line (form content type, flat payload) with 202', async () => {
    const { post, sent, store } = api();
    const res = await post('{"type":"email","to":"bob@example.com"}', {
      'Content-Type': 'application/x-www-form-urlencoded',
    });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ id: expect.any(String), status: 'pending' });
    // email's limits are per recipient domain: the key travels with the message.
    expect(sent).toEqual([{ id: res.body.id, type: 'email', limitKey: 'example.com' }]);
    expect((await store.get(res.body.id))?.payload).toEqual({ to: 'bob@example.com' });
  });

  it.each([
    ['malformed JSON', '{"type":', {}, 400, 'MalformedJson'],
    ['an unknown type', '{"type":"teleport"}', {}, 400, 'UnknownJobType'],
    ['a payload failing its schema', '{"type":"sleep","ms":"later"}', {}, 400, 'ValidationError'],
    ['an empty body', '', {}, 400, 'ValidationError'],
    ['XML', '<job/>', { 'content-type': 'application/xml' }, 415, 'UnsupportedMediaType'],
    [
      'a body over 256 KB',
      JSON.stringify({ type: 'noop', pad: 'x'.repeat(262_144) }),
      {},
      413,
      'PayloadTooLarge',
    ],
  ])('rejects %s with a JSON error and writes nothing', async (_name, body, headers, status, code) => {
    const { post, sent, store } = api();
    const res = await post(body, headers);
    expect(res.status).toBe(status);
    expect(res.body.error).toMatchObject({ code, message: expect.any(String) });
    expect(store.jobs.size).toBe(0);
    expect(sent).toHaveLength(0);
  });

  it('lists the known types when the type is unknown', async () => {
    const res = await api().post('{"type":"teleport"}');
    expect(res.body.error.details.knownTypes).toEqual(
      expect.arrayContaining(['email', 'resize', 'cleanup', 'data', 'report', 'noop', 'sleep', 'flaky']),
    );
  });

  it('rejects a body that is not UTF-8', async () => {
    const { call, store } = api();
    const body = Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]).toString('base64');
    const res = await call(apiEvent('POST /jobs', { body, isBase64Encoded: true }));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('InvalidEncoding');
    expect(store.jobs.size).toBe(0);
  });

  it('answers 503 and keeps no record when the queue refuses the message', async () => {
    const { post, store } = api({ sendFails: true });
    const res = await post('{"type":"noop"}');
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('EnqueueFailed');
    expect(store.jobs.size).toBe(0);
  });

  it('reads a job back, and 404s an unknown id', async () => {
    const { post, call } = api();
    const { body } = await post('{"type":"sleep","payload":{"ms":10}}');
    const found = await call(
      apiEvent('GET /jobs/{id}', { path: `/jobs/${body.id}`, pathParameters: { id: body.id } }),
    );
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({
      id: body.id,
      type: 'sleep',
      status: 'pending',
      attempts: 0,
      maxAttempts: 3,
    });
    const missing = await call(
      apiEvent('GET /jobs/{id}', { path: '/jobs/nope', pathParameters: { id: 'nope' } }),
    );
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('JobNotFound');
  });

  it('serves the status view of a job: its lifecycle fields, none of its payload, result or history', async () => {
    const { call, store } = api();
    const failed: Job = {
      ...aJob({ type: 'flaky', payload: { secret: 'payload' }, maxAttempts: 2 }),
      status: 'failed',
      attempts: 2,
      startedAt: later(1).toISOString(),
      finishedAt: later(2).toISOString(),
      updatedAt: later(2).toISOString(),
      result: { secret: 'result' },
      error: { name: 'Error', message: 'flaky: attempt 2' },
      workerId: '2026/01/01/[$LATEST]abc',
      history: [{ startedAt: later(1).toISOString(), outcome: 'failed' }],
    };
    await store.create(failed);
    const statusOf = (id: string) =>
      call(apiEvent('GET /jobs/{id}/status', { path: `/jobs/${id}/status`, pathParameters: { id } }));
    const res = await statusOf(failed.id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: failed.id,
      type: 'flaky',
      status: 'failed',
      attempts: 2,
      maxAttempts: 2,
      priority: 'default',
      createdAt: failed.createdAt,
      updatedAt: failed.updatedAt,
      startedAt: failed.startedAt,
      finishedAt: failed.finishedAt,
      error: { name: 'Error', message: 'flaky: attempt 2' },
    });

    // The same job read whole, for comparison: the status view agrees with it field for field.
    const whole = await call(
      apiEvent('GET /jobs/{id}', { path: `/jobs/${failed.id}`, pathParameters: { id: failed.id } }),
    );
    expect(whole.body).toMatchObject(res.body);
    expect(whole.body).toHaveProperty('payload');
  });

  it.each([
    ['an unknown id', 'nope'],
    ['an id over 128 characters', 'i'.repeat(129)],
  ])('answers the status of %s with the same 404 as GET /jobs/{id}', async (_name, id) => {
    const { call } = api();
    const status = await call(
      apiEvent('GET /jobs/{id}/status', { path: `/jobs/${id}/status`, pathParameters: { id } }),
    );
    const job = await call(apiEvent('GET /jobs/{id}', { path: `/jobs/${id}`, pathParameters: { id } }));
    expect(status.status).toBe(404);
    expect(status.body.error.code).toBe('JobNotFound');
    expect(status.body).toEqual(job.body);
  });

  it('counts jobs by status in GET /status', async () => {
    const { post, call } = api();
    await post('{"type":"noop"}');
    await post('{"type":"noop"}');
    const res = await call(apiEvent('GET /status'));
    expect(res.body).toMatchObject({ pending: 2, running: 0, completed: 0, failed: 0, workers: 4 });
  });

  it('hides unexpected errors behind a plain 500 with the request id', async () => {
    const store = createMemoryJobStore();
    store.get = async () => {
      throw new Error('secret internals');
    };
    const res = await api({ store }).call(
      apiEvent('GET /jobs/{id}', { path: '/jobs/x', pathParameters: { id: 'x' } }),
    );
    expect(res.status).toBe(500);
    expect(JSON.stringify(res.body)).not.toContain('secret');
    expect(res.body.error.details.requestId).toBe('req-1');
  });

  it('holds producers back with 429 and Retry-After when the backlog is full, writing nothing', async () => {
    const { post, store, sent } = api({ backlog: 100 });
    const res = await post('{"type":"noop"}');
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.body.error.code).toBe('Backpressure');
    expect(store.jobs.size).toBe(0);
    expect(sent).toHaveLength(0);
  });

  it('takes a high-priority job while the default queue is full, onto the high queue', async () => {
    const { post, sent } = api({ backlog: 100 });
    const res = await post('{"type":"noop","priority":"high"}');
    expect(res.status).toBe(202);
    expect(sent).toEqual([expect.objectContaining({ id: res.body.id, priority: 'high' })]);
  });

  it('refuses an unknown priority with 400 naming the field, writing nothing', async () => {
    const { post, store } = api();
    const res = await post('{"type":"noop","priority":"urgent"}');
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.error)).toContain('priority');
    expect(store.jobs.size).toBe(0);
  });

  it('answers a batch whose every item is for a full queue with 429, and refuses only those items otherwise', async () => {
    const { call, sent } = api({ backlog: 100 });
    const batch = (jobs: unknown[]) => call(apiEvent('POST /jobs/batch', { body: JSON.stringify({ jobs }) }));
    expect((await batch([{ type: 'noop' }, { type: 'noop', priority: 'low' }])).status).toBe(429);
    const mixed = await batch([{ type: 'noop' }, { type: 'noop', priority: 'high' }]);
    expect(mixed.status).toBe(200);
    expect(mixed.body.results[0]).toMatchObject({ accepted: false, error: { code: 'Backpressure' } });
    expect(mixed.body.results[1]).toMatchObject({ accepted: true });
    expect(sent).toHaveLength(1);
  });

  it('cancels a pending job (202), then answers 409 for the finished job', async () => {
    const { post, call } = api();
    const { body } = await post('{"type":"noop"}');
    const cancel = () =>
      call(
        apiEvent('POST /jobs/{id}/cancel', {
          path: `/jobs/${body.id}/cancel`,
          pathParameters: { id: body.id },
        }),
      );
    expect(await cancel()).toMatchObject({ status: 202, body: { id: body.id, status: 'canceled' } });
    expect(await cancel()).toMatchObject({ status: 409, body: { error: { code: 'JobFinished' } } });
  });

  it('retries a canceled job with an edited payload and queues it again', async () => {
    const { post, call, sent, store } = api();
    const { body } = await post('{"type":"sleep","ms":5}');
    await call(apiEvent('POST /jobs/{id}/cancel', { pathParameters: { id: body.id } }));
    const res = await call(
      apiEvent('POST /jobs/{id}/retry', { pathParameters: { id: body.id }, body: '{"payload":{"ms":7}}' }),
    );
    expect(res).toMatchObject({ status: 202, body: { status: 'pending' } });
    expect(sent).toHaveLength(2);
    expect((await store.get(body.id))?.payload).toEqual({ ms: 7 });
  });

  it('redrives the DLQ and reports the counts; a bad filter is a 400', async () => {
    const { call, deadLetters } = api();
    deadLetters.add('not json');
    const res = await call(apiEvent('POST /dlq/redrive', { body: '{"type":"noop"}' }));
    expect(res).toMatchObject({ status: 200, body: { moved: 0, stale: 0, skipped: 1, more: false } });
    const bad = await call(apiEvent('POST /dlq/redrive', { body: '{"kind":"all"}' }));
    expect(bad.status).toBe(400);
  });
});

describe('read routes: GET /jobs, /stats, /workers, /metrics', () => {
  it('lists jobs newest first, pages with a cursor and filters by status and type', async () => {
    const { post, call } = api();
    for (let i = 0; i < 5; i += 1) expect((await post('{"type":"noop"}')).status).toBe(202);
    await post('{"type":"sleep","ms":1}');
    const first = await call(apiEvent('GET /jobs', { query: { limit: '4' } }));
    expect(first.status).toBe(200);
    expect(first.body.jobs).toHaveLength(4);
    expect(first.body.limit).toBe(4);
    expect(first.body.jobs[0]).not.toHaveProperty('payload');
    const second = await call(
      apiEvent('GET /jobs', { query: { limit: '4', cursor: first.body.nextCursor } }),
    );
    expect(second.body.jobs).toHaveLength(2);
    expect(second.body.nextCursor).toBeNull();
    const ids = [...first.body.jobs, ...second.body.jobs].map((j: { id: string }) => j.id);
    expect(new Set(ids).size).toBe(6);
    const sleeps = await call(apiEvent('GET /jobs', { query: { status: 'pending', type: 'sleep' } }));
    expect(sleeps.body.jobs.map((j: { type: string }) => j.type)).toEqual(['sleep']);
  });

  it('caps limit at 100 and says so', async () => {
    const { call } = api();
    const res = await call(apiEvent('GET /jobs', { query: { limit: '100000' } }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ limit: 100, limitCapped: true });
  });

  it.each([
    [{ limit: '0' }, 'limit'],
    [{ limit: 'ten' }, 'limit'],
    [{ limit: '-1' }, 'limit'],
    [{ status: 'done' }, 'status'],
    [{ order: 'asc' }, 'order'],
    [{ limit: ['1', '2'] }, 'limit'],
    [{ cursor: 'not-a-cursor' }, 'cursor'],
  ] as [Record<string, string | string[]>, string][])(
    'refuses GET /jobs?%o with a 400 naming %s',
    async (query, name) => {
      const { call } = api();
      const res = await call(apiEvent('GET /jobs', { query }));
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.error)).toContain(name);
    },
  );

  it('refuses an unknown type filter, listing the known ones', async () => {
    const { call } = api();
    const res = await call(apiEvent('GET /jobs', { query: { type: 'nope' } }));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('UnknownJobType');
  });

  it('serves the stats view, refusing hours outside 1–24', async () => {
    const { call } = api();
    expect((await call(apiEvent('GET /stats'))).body).toEqual({ snapshot: null, history: [] });
    expect((await call(apiEvent('GET /stats', { query: { hours: '25' } }))).status).toBe(400);
    expect((await call(apiEvent('GET /stats', { query: { hours: '24' } }))).status).toBe(200);
  });

  it('serves the workers view and Prometheus text', async () => {
    const { call, post } = api();
    await post('{"type":"noop"}');
    expect((await call(apiEvent('GET /workers'))).body).toMatchObject({ limit: 4, instances: [] });
    const metrics = await call(apiEvent('GET /metrics'));
    expect(metrics.status).toBe(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(metrics.body).toMatch(/^sqs_jobs_jobs\{status="pending"\} 1$/m);
  });

  it('serves the OpenAPI document of the job types it validates against, with the stage as its server', async () => {
    const { call } = api();
    const res = await call(apiEvent('GET /openapi.json'));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.body).toMatchObject({ openapi: expect.stringMatching(/^3\.1\./), servers: [{ url: '.' }] });
    expect(Object.keys(res.body.components.schemas.Submission.discriminator.mapping)).toEqual(
      Object.keys(jobs),
    );
    expect((await call(apiEvent('GET /openapi.json'))).body).toEqual(res.body);
  });
});
