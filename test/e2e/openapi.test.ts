import { Validator } from '@seriousme/openapi-schema-validator';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { OpenApiDocument } from '../../src/http/openapi.ts';
import { API_ROUTES, type ApiRoute } from '../../src/http/routes.ts';
import { type OpenApiChecker, openApiChecker } from '../helpers/openapi.ts';
import { apiClient, type HttpResult, isFinished } from './client.ts';

/**
 * The OpenAPI document the running API serves, held to its word: every route is called, for its
 * successes and for the errors a caller can provoke, and each answer must match the schema the
 * document gives for that route, status and media type.
 */
const baseUrl = inject('apiUrl');
const api = apiClient(baseUrl);
const authRequired = inject('authRequired');
const target = inject('target');

let document: OpenApiDocument;
let checker: OpenApiChecker;
/** Routes answered with a documented success, to prove every route was called. */
const succeeded = new Set<ApiRoute>();

const JSON_TYPE = { 'content-type': 'application/json' };

/** Asserts the answer is one the document describes for `route`, body and all. */
function expectDocumented(route: ApiRoute, res: HttpResult<unknown>, status?: number): void {
  const what = `${route} → ${res.status} ${typeof res.body === 'string' ? res.body.slice(0, 200) : JSON.stringify(res.body).slice(0, 400)}`;
  if (status !== undefined) expect(res.status, what).toBe(status);
  const mediaType = (res.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
  const [method = '', path = ''] = route.split(' ');
  const response = document.paths[path]?.[method.toLowerCase()]?.responses[String(res.status)];
  expect(response, `${what}: not in the document`).toBeDefined();
  if (response?.content === undefined) {
    expect(res.body, `${what}: the document promises no body`).toBe('');
  } else {
    expect(checker.responseErrors(route, res.status, mediaType, res.body), what).toEqual([]);
  }
  if (res.status < 400) succeeded.add(route);
}

async function submit(body: object): Promise<string> {
  const res = await api.post<{ id: string }>('/jobs', JSON.stringify(body), JSON_TYPE);
  expectDocumented('POST /jobs', res, 202);
  return res.body.id;
}

beforeAll(async () => {
  // Public: fetched with no key, whatever the stage requires elsewhere.
  const res = await fetch(`${baseUrl}/openapi.json`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  document = (await res.json()) as OpenApiDocument;
  checker = openApiChecker(document);
});

describe('the OpenAPI document at GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document that describes itself and every route', async () => {
    const result = await new Validator().validate(structuredClone(document) as never);
    expect(result.errors).toBeUndefined();
    expect(document.openapi).toMatch(/^3\.1\./);
    expect(checker.componentErrors('OpenApiDocument', document)).toEqual([]);
    for (const route of API_ROUTES) {
      const [method = '', path = ''] = route.split(' ');
      expect(document.paths[path]?.[method.toLowerCase()], route).toBeDefined();
    }
    expectDocumented('GET /openapi.json', await api.get('/openapi.json'), 200);
  });

  it('describes the health check', async () => {
    expectDocumented('GET /health', await api.get('/health'), 200);
  });

  it('describes a job from submission (flat and nested) to its record, status view and listing', async () => {
    const flat = await submit({ type: 'noop' });
    const nested = await submit({ type: 'email', payload: { to: 'ada@example.com' }, maxAttempts: 2 });
    for (const id of [flat, nested]) {
      expect((await api.waitForJob(id, isFinished)).status).toBe('completed');
      expectDocumented('GET /jobs/{id}', await api.get(`/jobs/${id}`), 200);
      expectDocumented('GET /jobs/{id}/status', await api.get(`/jobs/${id}/status`), 200);
    }
    const page = await api.get<{ nextCursor: string | null }>('/jobs?limit=1');
    expectDocumented('GET /jobs', page, 200);
    expect(page.body.nextCursor).toEqual(expect.any(String));
    expectDocumented('GET /jobs', await api.get(`/jobs?limit=1&cursor=${page.body.nextCursor}`), 200);
    const capped = await api.get('/jobs?limit=500&status=completed&type=noop');
    expectDocumented('GET /jobs', capped, 200);
    expect(capped.body).toMatchObject({ limit: 100, limitCapped: true });
  });

  it('describes a cancel of a running job, its retry with a new payload, and their refusals', async () => {
    const id = await submit({ type: 'sleep', ms: 30_000 });
    await api.waitForJob(id, (job) => job.status === 'running');
    const cancel = await api.post(`/jobs/${id}/cancel`, '');
    expectDocumented('POST /jobs/{id}/cancel', cancel, 202);
    expect(cancel.body).toMatchObject({ status: 'running', cancelRequested: true });
    expect((await api.waitForJob(id, isFinished, 15_000)).status).toBe('canceled');
    expectDocumented('POST /jobs/{id}/cancel', await api.post(`/jobs/${id}/cancel`, ''), 409);
    const badRetry = await api.post(`/jobs/${id}/retry`, '{"payload":{"ms":"soon"}}', JSON_TYPE);
    expectDocumented('POST /jobs/{id}/retry', badRetry, 400);
    const retry = await api.post(`/jobs/${id}/retry`, '{"payload":{"ms":0}}', JSON_TYPE);
    expectDocumented('POST /jobs/{id}/retry', retry, 202);
    expect((await api.waitForJob(id, isFinished)).status).toBe('completed');
    expectDocumented('POST /jobs/{id}/retry', await api.post(`/jobs/${id}/retry`, ''), 409);
  }, 45_000);

  it('describes a submission with an idempotency key: created, replayed, and a different request refused', async () => {
    const key = { ...JSON_TYPE, 'Idempotency-Key': `openapi-${Date.now()}-${Math.random()}` };
    expectDocumented('POST /jobs', await api.post('/jobs', '{"type":"noop"}', key), 202);
    expectDocumented('POST /jobs', await api.post('/jobs', '{"type":"noop"}', key), 200);
    expectDocumented('POST /jobs', await api.post('/jobs', '{"type":"sleep","ms":1}', key), 409);
  });

  it('describes the schedules routes: list, create, replace, read, delete and their refusals', async () => {
    const name = `openapi-${Date.now()}`;
    const body = JSON.stringify({ schedule: 'rate(1 hour)', type: 'noop' });
    expectDocumented('GET /schedules', await api.get('/schedules'), 200);
    expectDocumented(
      'PUT /schedules/{name}',
      await api.request('PUT', `/schedules/${name}`, { body, headers: JSON_TYPE }),
      201,
    );
    expectDocumented(
      'PUT /schedules/{name}',
      await api.request('PUT', `/schedules/${name}`, { body, headers: JSON_TYPE }),
      200,
    );
    expectDocumented('GET /schedules/{name}', await api.get(`/schedules/${name}`), 200);
    const bad = JSON.stringify({ schedule: 'rate(1 hours)', type: 'noop' });
    expectDocumented(
      'PUT /schedules/{name}',
      await api.request('PUT', `/schedules/${name}`, { body: bad, headers: JSON_TYPE }),
      400,
    );
    expectDocumented(
      'PUT /schedules/{name}',
      await api.request('PUT', '/schedules/cleanup-tmp', { body, headers: JSON_TYPE }),
      409,
    );
    expectDocumented('DELETE /schedules/{name}', await api.request('DELETE', `/schedules/${name}`), 204);
    expectDocumented('DELETE /schedules/{name}', await api.request('DELETE', `/schedules/${name}`), 404);
    expectDocumented('GET /schedules/{name}', await api.get(`/schedules/${name}`), 404);
  });

  it('describes a scheduled job, its reschedule and cancel, and their refusals', async () => {
    const scheduled = await api.post<{ id: string }>(
      '/jobs',
      '{"type":"noop","delaySeconds":7200}',
      JSON_TYPE,
    );
    expectDocumented('POST /jobs', scheduled, 202);
    const { id } = scheduled.body;
    expectDocumented('GET /jobs/{id}', await api.get(`/jobs/${id}`), 200);
    expectDocumented('GET /jobs/{id}/status', await api.get(`/jobs/${id}/status`), 200);
    expectDocumented('GET /jobs', await api.get('/jobs?status=scheduled'), 200);
    const moved = await api.post(`/jobs/${id}/reschedule`, '{"runAt":"2099-01-01T00:00:00Z"}', JSON_TYPE);
    expectDocumented('POST /jobs/{id}/reschedule', moved, 400);
    const later = new Date(Date.now() + 3 * 3600_000).toISOString();
    const rescheduled = await api.post(`/jobs/${id}/reschedule`, JSON.stringify({ runAt: later }), JSON_TYPE);
    expectDocumented('POST /jobs/{id}/reschedule', rescheduled, 202);
    expectDocumented('POST /jobs/{id}/cancel', await api.post(`/jobs/${id}/cancel`, ''), 202);
    const refused = await api.post(`/jobs/${id}/reschedule`, '{"delaySeconds":0}', JSON_TYPE);
    expectDocumented('POST /jobs/{id}/reschedule', refused, 409);
    const unknown = await api.post('/jobs/no-such-job/reschedule', '{"delaySeconds":0}', JSON_TYPE);
    expectDocumented('POST /jobs/{id}/reschedule', unknown, 404);
  });

  it.each([
    ['an unknown job', 'GET /jobs/{id}', 'GET', '/jobs/no-such-job', undefined, 404],
    ['an unknown job', 'GET /jobs/{id}/status', 'GET', '/jobs/no-such-job/status', undefined, 404],
    ['an id over 128 characters', 'GET /jobs/{id}', 'GET', `/jobs/${'x'.repeat(129)}`, undefined, 404],
    ['an unknown job', 'POST /jobs/{id}/cancel', 'POST', '/jobs/no-such-job/cancel', '', 404],
    ['an unknown job', 'POST /jobs/{id}/retry', 'POST', '/jobs/no-such-job/retry', '', 404],
    ['a payload failing its schema', 'POST /jobs', 'POST', '/jobs', '{"type":"sleep","ms":"soon"}', 400],
    ['an unknown field', 'POST /jobs', 'POST', '/jobs', '{"type":"noop","extra":1}', 400],
    ['an unknown type', 'POST /jobs', 'POST', '/jobs', '{"type":"teleport"}', 400],
    ['malformed JSON', 'POST /jobs', 'POST', '/jobs', '{"type":', 400],
    ['a maxAttempts over the cap', 'POST /jobs', 'POST', '/jobs', '{"type":"noop","maxAttempts":99}', 400],
    [
      'both start options',
      'POST /jobs',
      'POST',
      '/jobs',
      '{"type":"noop","delaySeconds":1,"runAt":"2030-01-01T00:00:00Z"}',
      400,
    ],
    [
      'a body over 256 KB',
      'POST /jobs',
      'POST',
      '/jobs',
      JSON.stringify({ type: 'noop', pad: 'x'.repeat(270_000) }),
      413,
    ],
    ['a bad cursor', 'GET /jobs', 'GET', '/jobs?cursor=not-a-cursor', undefined, 400],
    ['a limit of 0', 'GET /jobs', 'GET', '/jobs?limit=0', undefined, 400],
    ['an unknown type filter', 'GET /jobs', 'GET', '/jobs?type=teleport', undefined, 400],
    ['an unknown query parameter', 'GET /jobs', 'GET', '/jobs?sort=asc', undefined, 400],
    ['hours out of range', 'GET /stats', 'GET', '/stats?hours=99', undefined, 400],
    ['a bad filter', 'POST /dlq/redrive', 'POST', '/dlq/redrive', '{"bogus":true}', 400],
    ['an unknown file', 'GET /dashboard/{file}', 'GET', '/dashboard/nope.js', undefined, 404],
  ] as const)('describes the answer to %s on %s', async (_, route, method, path, body, status) => {
    const res = await api.request(method, path, body === undefined ? {} : { body, headers: JSON_TYPE });
    expectDocumented(route, res, status);
  });

  it('describes a batch submit, its per-job refusals, and a body that is no batch', async () => {
    const batch = await api.post(
      '/jobs/batch',
      JSON.stringify({ jobs: [{ type: 'noop' }, { type: 'sleep', ms: 'soon' }, { type: 'nope' }] }),
      JSON_TYPE,
    );
    expectDocumented('POST /jobs/batch', batch, 200);
    expectDocumented('POST /jobs/batch', await api.post('/jobs/batch', '{"jobs":[]}', JSON_TYPE), 400);
    expectDocumented('POST /jobs/batch', await api.post('/jobs/batch', '[{"type":"noop"}]', JSON_TYPE), 400);
  });

  it('describes a batch with dependencies and a callback, its progress, listing, cancel, and an unknown batch', async () => {
    const res = await api.post<{ batchId: string; results: { id: string }[] }>(
      '/jobs/batch',
      JSON.stringify({
        jobs: [
          { type: 'sleep', ms: 20_000 },
          { type: 'noop', dependsOn: [0] },
        ],
        batch: { onComplete: { type: 'noop' } },
      }),
      JSON_TYPE,
    );
    expectDocumented('POST /jobs/batch', res, 200);
    const { batchId } = res.body;
    expectDocumented('GET /jobs/{id}', await api.get(`/jobs/${res.body.results[1]?.id}`), 200);
    expectDocumented('GET /jobs/{id}/status', await api.get(`/jobs/${res.body.results[1]?.id}/status`), 200);
    expectDocumented('GET /batches/{id}', await api.get(`/batches/${batchId}`), 200);
    expectDocumented('GET /batches', await api.get('/batches'), 200);
    expectDocumented('POST /batches/{id}/cancel', await api.post(`/batches/${batchId}/cancel`, ''), 202);
    expectDocumented(
      'GET /batches/{id}',
      await api.get('/batches/00000000-0000-4000-8000-000000000000'),
      404,
    );
    expectDocumented(
      'POST /batches/{id}/cancel',
      await api.post('/batches/00000000-0000-4000-8000-000000000000/cancel', ''),
      404,
    );
    const cycle = await api.post(
      '/jobs',
      JSON.stringify({ type: 'noop', dependsOn: ['no-such-job'] }),
      JSON_TYPE,
    );
    expectDocumented('POST /jobs', cycle, 400);
  });

  it('describes a content type the API refuses', async () => {
    const res = await api.post('/jobs', '<job/>', { 'content-type': 'application/xml' });
    expectDocumented('POST /jobs', res, 415);
  });

  it('describes a cancel of a finished job', async () => {
    const id = await submit({ type: 'noop' });
    await api.waitForJob(id, isFinished);
    expectDocumented('POST /jobs/{id}/cancel', await api.post(`/jobs/${id}/cancel`, ''), 409);
  });

  it('describes a redrive (of no dead letter: a filter no message matches)', async () => {
    const res = await api.post('/dlq/redrive', JSON.stringify({ ids: ['no-such-job'] }), JSON_TYPE);
    expectDocumented('POST /dlq/redrive', res, 200);
    expect(res.body).toMatchObject({ moved: 0 });
  });

  it.each([
    ['GET /status', '/status'],
    ['GET /stats', '/stats'],
    ['GET /stats', '/stats?hours=2'],
    ['GET /workers', '/workers'],
    ['GET /metrics', '/metrics'],
    ['GET /', '/'],
    ['GET /dashboard/{file}', '/dashboard/app.js'],
    ['GET /dashboard/{file}', '/dashboard/style.css'],
  ] as const)('describes %s (%s)', async (route, path) => {
    expectDocumented(route, await api.get(path));
  });

  it.runIf(authRequired && target !== 'localstack')(
    'describes the gateway refusing a call without a key',
    async () => {
      const res = await fetch(`${baseUrl}/status`);
      const body = (await res.json()) as unknown;
      expectDocumented('GET /status', { status: res.status, headers: res.headers, body }, 403);
    },
  );

  it('called every route the stack declares', () => {
    expect([...succeeded].sort()).toEqual([...API_ROUTES].sort());
  });
});
