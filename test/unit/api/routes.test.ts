import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { apiRoutes } from '../../../functions/api/routes.ts';
import { API_ROUTES } from '../../../infra/routes.ts';
import { MemoryDeadLetterQueue } from '../../../src/adapters/memory/dead-letter-queue.ts';
import { createMemoryJobStore } from '../../../src/adapters/memory/job-store.ts';
import type { JobMessage } from '../../../src/core/job.ts';
import { systemClock } from '../../../src/core/ports.ts';
import { httpErrorMapper } from '../../../src/http/error-mapper.ts';
import { createRouter } from '../../../src/http/router.ts';
import { apiEvent, lambdaContext } from '../../helpers/api-events.ts';

function api(
  options: { sendFails?: boolean; store?: ReturnType<typeof createMemoryJobStore>; backlog?: number } = {},
) {
  const store = options.store ?? createMemoryJobStore();
  const sent: JobMessage[] = [];
  const deadLetters = new MemoryDeadLetterQueue();
  const routes = apiRoutes({
    store,
    queue: {
      send: async (m) => {
        if (options.sendFails) throw new Error('queue unavailable');
        sent.push(m);
      },
    },
    deadLetters,
    snapshots: { save: async () => undefined, latest: async () => undefined },
    backlog: { depth: async () => ({ visible: options.backlog ?? 0, inFlight: 0, delayed: 0 }) },
    maxBacklog: 100,
    workerLimit: 4,
    clock: systemClock,
  });
  const handler = middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(httpErrorMapper(() => undefined))
    .handler(createRouter(routes));
  const call = async (event: APIGatewayProxyEvent) => {
    const res = (await handler(event, lambdaContext())) as APIGatewayProxyResult;
    return { status: res.statusCode, headers: res.headers ?? {}, body: JSON.parse(res.body) };
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
    expect(sent).toEqual([{ id: res.body.id, type: 'email' }]);
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
