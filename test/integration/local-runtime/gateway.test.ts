import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyGuard } from '../../../local/gateway/api-keys.ts';
import { type Gateway, MAX_BODY_BYTES, startGateway } from '../../../local/gateway/server.ts';
import type { ApiModel, RouteModel } from '../../../local/template/api.ts';
import { type FixturePool, fixturePool } from './fixtures.ts';

const route = (httpMethod: string, resourcePath: string): RouteModel => ({
  methodLogicalId: `${httpMethod} ${resourcePath}`,
  resourceId: `id${resourcePath.length}`,
  resourcePath,
  httpMethod,
  integration: { type: 'AWS_PROXY', functionLogicalId: 'apiFunction' },
  apiKeyRequired: false,
  authorizationType: 'NONE',
});

const api: ApiModel = {
  logicalId: 'Api',
  apiId: 'a1b2c3d4e5',
  stageName: 'local',
  routes: [route('POST', '/jobs'), route('GET', '/jobs/{id}'), route('ANY', '/{proxy+}')],
  gatewayResponses: [
    {
      responseType: 'MISSING_AUTHENTICATION_TOKEN',
      statusCode: 404,
      templates: { 'application/json': '{"error":{"code":"NotFound","requestId":"$context.requestId"}}' },
      headers: {},
    },
  ],
  invokePolicies: [],
};

let fixture: FixturePool;
let gateway: Gateway;
const logs: string[] = [];

beforeAll(async () => {
  fixture = fixturePool('api', { limit: 4 });
  gateway = await startGateway({
    api,
    accountId: '000000000000',
    host: '127.0.0.1',
    port: 0,
    invoke: (_logicalId, event) => fixture.pool.invoke(event),
    log: (line) => logs.push(line),
  });
});
afterAll(async () => {
  await gateway.close();
  await fixture.pool.stop();
});

type EchoedEvent = {
  resource: string;
  path: string;
  httpMethod: string;
  body: string | null;
  isBase64Encoded: boolean;
  pathParameters: Record<string, string> | null;
  multiValueQueryStringParameters: Record<string, string[]> | null;
  requestContext: { requestId: string; path: string; stage: string; apiId: string };
};

async function echo(path: string, init?: RequestInit): Promise<{ response: Response; event: EchoedEvent }> {
  const response = await fetch(`${gateway.url}${path}`, init);
  expect(response.status).toBe(200);
  return { response, event: (await response.json()) as EchoedEvent };
}

describe('the API Gateway emulation', () => {
  it('proxies POST /jobs with its JSON body, served at the root but reporting the stage', async () => {
    const { response, event } = await echo('/jobs', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type":"noop"}',
    });
    expect(event).toMatchObject({
      resource: '/jobs',
      path: '/jobs',
      httpMethod: 'POST',
      body: '{"type":"noop"}',
      isBase64Encoded: false,
      requestContext: { path: '/local/jobs', stage: 'local', apiId: 'a1b2c3d4e5' },
    });
    expect(response.headers.get('x-amzn-requestid')).toBe(event.requestContext.requestId);
    expect(response.headers.get('content-type')).toBe('application/json');
  });

  it('fills path parameters and repeated query values', async () => {
    const { event } = await echo('/jobs/j%201?x=1&x=2');
    expect(event.resource).toBe('/jobs/{id}');
    expect(event.pathParameters).toEqual({ id: 'j 1' });
    expect(event.multiValueQueryStringParameters).toEqual({ x: ['1', '2'] });
  });

  it('hands binary request bodies to the function base64-encoded', async () => {
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);
    const { event } = await echo('/upload', {
      method: 'PUT',
      headers: { 'content-type': 'image/png' },
      body: bytes,
    });
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body ?? '', 'base64')).toEqual(Buffer.from(bytes));
  });

  it('decodes a base64 response and passes repeated headers through', async () => {
    const binary = await fetch(`${gateway.url}/binary`);
    expect(binary.headers.get('content-type')).toBe('application/octet-stream');
    expect([...new Uint8Array(await binary.arrayBuffer())]).toEqual([0, 1, 2, 255]);
    const cookies = await fetch(`${gateway.url}/cookies`);
    expect(cookies.status).toBe(201);
    expect(cookies.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(cookies.headers.get('x-single')).toBe('one');
  });

  it('answers 502 "Internal server error" for a malformed result or a function error', async () => {
    for (const path of ['/broken', '/throws']) {
      const response = await fetch(`${gateway.url}${path}`);
      expect(response.status).toBe(502);
      expect(await response.json()).toEqual({ message: 'Internal server error' });
    }
    expect(logs.some((line) => line.includes('malformed Lambda proxy response'))).toBe(true);
    expect(logs.some((line) => line.includes('Error: handler failed'))).toBe(true);
  });

  it("answers unknown routes and missing methods with the template's gateway response", async () => {
    for (const [method, path] of [
      ['GET', '/'],
      ['DELETE', '/jobs'],
    ] as const) {
      const response = await fetch(`${gateway.url}${path}`, { method });
      expect(response.status).toBe(404);
      const body = (await response.json()) as { error: { code: string; requestId: string } };
      expect(body.error.code).toBe('NotFound');
      expect(body.error.requestId).toBe(response.headers.get('x-amzn-requestid'));
    }
  });

  it('refuses bodies over 10 MB with 413, as API Gateway does', async () => {
    const response = await fetch(`${gateway.url}/jobs`, {
      method: 'POST',
      body: new Uint8Array(MAX_BODY_BYTES + 1),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ message: 'Request Too Long' });
  });

  it('counts requests', () => {
    expect(gateway.requests()).toBeGreaterThanOrEqual(9);
  });
});

/** A request with headers fetch will not send (Host), through node:http. */
function rawRequest(
  url: string,
  method: string,
  headers: Record<string, string>,
  body = '',
): Promise<{ status: number; json: { error?: { code?: string; message?: string } } }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: target.hostname, port: target.port, path: target.pathname, method, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.once('end', () =>
          resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }),
        );
      },
    );
    req.once('error', reject);
    req.end(body);
  });
}

describe('web pages cannot drive the local gateway', () => {
  it('refuses a foreign Host (DNS rebinding) and a cross-origin POST with a JSON 403, invoking nothing', async () => {
    const before = fixture.pool.stats().invocations;
    const rebound = await rawRequest(`${gateway.url}/jobs`, 'POST', { host: 'evil.example:8080' }, '{}');
    expect(rebound).toMatchObject({ status: 403, json: { error: { code: 'ForbiddenHost' } } });
    const crossOrigin = await rawRequest(
      `${gateway.url}/jobs`,
      'POST',
      { origin: 'http://evil.example', 'content-type': 'text/plain' },
      '{"type":"noop"}',
    );
    expect(crossOrigin).toMatchObject({ status: 403, json: { error: { code: 'CrossOriginRequest' } } });
    expect(fixture.pool.stats().invocations).toBe(before);
  });

  it("serves curl-style requests and the gateway's own pages", async () => {
    const host = new URL(gateway.url).host;
    expect((await rawRequest(`${gateway.url}/jobs`, 'POST', { host }, '{}')).status).toBe(200);
    expect(
      (await rawRequest(`${gateway.url}/jobs`, 'POST', { host, origin: `http://${host}` }, '{}')).status,
    ).toBe(200);
    expect(
      (
        await rawRequest(
          `${gateway.url}/jobs`,
          'POST',
          { host: `localhost:${new URL(gateway.url).port}` },
          '{}',
        )
      ).status,
    ).toBe(200);
  });
});

describe('API keys and the usage plan', () => {
  const KEY = 'k'.repeat(24);
  let keyed: Gateway;
  beforeAll(async () => {
    keyed = await startGateway({
      api: {
        ...api,
        routes: [{ ...route('POST', '/jobs'), apiKeyRequired: true }, route('GET', '/health')],
        gatewayResponses: [
          {
            responseType: 'INVALID_API_KEY',
            statusCode: 403,
            templates: {
              'application/json': '{"error":{"code":"Forbidden","requestId":"$context.requestId"}}',
            },
            headers: {},
          },
          {
            responseType: 'THROTTLED',
            statusCode: 429,
            templates: { 'application/json': '{"error":{"code":"Throttled"}}' },
            headers: { 'Retry-After': '1' },
          },
        ],
      },
      accountId: '000000000000',
      host: '127.0.0.1',
      port: 0,
      invoke: (_logicalId, event) => fixture.pool.invoke(event),
      log: (line) => logs.push(line),
      // A burst of 3 and a trickle of 0.5/s: the fourth quick request is over the limit.
      apiKeys: new ApiKeyGuard(KEY, { rateLimit: 0.5, burstLimit: 3 }),
    });
  });
  afterAll(() => keyed.close());

  it('answers 403 in JSON without the key or with a wrong one, and never invokes the function', async () => {
    const before = fixture.pool.stats().invocations;
    for (const headers of [{}, { 'x-api-key': 'wrong-key-wrong-key-wrong' }] as Record<string, string>[]) {
      const response = await fetch(`${keyed.url}/jobs`, { method: 'POST', body: '{}', headers });
      expect(response.status).toBe(403);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('Forbidden');
    }
    expect(fixture.pool.stats().invocations).toBe(before);
  });

  it('serves routes without ApiKeyRequired to anyone, and keyed routes with the key', async () => {
    expect((await fetch(`${keyed.url}/health`)).status).toBe(200);
    const ok = await fetch(`${keyed.url}/jobs`, {
      method: 'POST',
      body: '{}',
      headers: { 'x-api-key': KEY },
    });
    expect(ok.status).toBe(200);
  });

  it('without a key guard (npm start without --auth) serves the keyed routes without a key', async () => {
    const open = await startGateway({
      api: { ...api, routes: [{ ...route('POST', '/jobs'), apiKeyRequired: true }] },
      accountId: '000000000000',
      host: '127.0.0.1',
      port: 0,
      invoke: (_logicalId, event) => fixture.pool.invoke(event),
      log: (line) => logs.push(line),
    });
    try {
      expect((await fetch(`${open.url}/jobs`, { method: 'POST', body: '{}' })).status).toBe(200);
    } finally {
      await open.close();
    }
  });

  it('answers 429 with Retry-After once the key goes past its burst', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 4; i += 1) {
      const response = await fetch(`${keyed.url}/jobs`, {
        method: 'POST',
        body: '{}',
        headers: { 'x-api-key': KEY },
      });
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get('retry-after');
    }
    expect(statuses).toContain(429);
    expect(retryAfter).toBe('1');
  });
});
