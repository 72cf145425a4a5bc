import { describe, expect, it } from 'vitest';
import { buildProxyEvent, type IncomingRequest } from '../../../local/gateway/event.ts';
import { GatewayResponses } from '../../../local/gateway/gateway-responses.ts';
import { proxyResultToHttp } from '../../../local/gateway/response.ts';
import { RouteTable } from '../../../local/gateway/routes.ts';
import type { RouteModel } from '../../../local/template/api.ts';

const route = (httpMethod: string, resourcePath: string): RouteModel => ({
  methodLogicalId: `${httpMethod}${resourcePath}`,
  resourceId: 'res123',
  resourcePath,
  httpMethod,
  integration: { type: 'AWS_PROXY', functionLogicalId: 'Api' },
  apiKeyRequired: false,
  authorizationType: 'NONE',
});

const api = { apiId: 'abc123', stage: 'local', accountId: '000000000000' };
const now = new Date('2025-04-09T12:34:56.789Z');

function request(overrides: Partial<IncomingRequest>): IncomingRequest {
  return {
    method: 'GET',
    url: '/',
    rawHeaders: ['Host', '127.0.0.1:8080', 'User-Agent', 'curl/8'],
    body: Buffer.alloc(0),
    sourceIp: '127.0.0.1',
    httpVersion: '1.1',
    localPort: 8080,
    ...overrides,
  };
}

describe('the API Gateway proxy event', () => {
  it('carries path, parameters, repeated query values and headers as API Gateway sends them', () => {
    const event = buildProxyEvent(
      request({
        url: '/jobs/j-1?tag=a&tag=b&q=x%20y',
        rawHeaders: ['Host', '127.0.0.1:8080', 'Accept', 'text/plain', 'Accept', 'application/json'],
      }),
      route('GET', '/jobs/{id}'),
      { id: 'j-1' },
      api,
      'req-1',
      now,
    );
    expect(event).toMatchObject({
      resource: '/jobs/{id}',
      path: '/jobs/j-1',
      httpMethod: 'GET',
      pathParameters: { id: 'j-1' },
      queryStringParameters: { tag: 'b', q: 'x y' },
      multiValueQueryStringParameters: { tag: ['a', 'b'], q: ['x y'] },
      stageVariables: null,
      body: null,
      isBase64Encoded: false,
    });
    expect(event.headers.Accept).toBe('application/json');
    expect(event.multiValueHeaders.Accept).toEqual(['text/plain', 'application/json']);
    expect(event.headers['X-Forwarded-For']).toBe('127.0.0.1');
    expect(event.requestContext).toMatchObject({
      accountId: '000000000000',
      apiId: 'abc123',
      resourceId: 'res123',
      resourcePath: '/jobs/{id}',
      httpMethod: 'GET',
      path: '/local/jobs/j-1',
      stage: 'local',
      requestId: 'req-1',
      requestTimeEpoch: now.getTime(),
      requestTime: '09/Apr/2025:12:34:56 +0000',
      protocol: 'HTTP/1.1',
      identity: { sourceIp: '127.0.0.1', userAgent: null },
    });
  });

  it('uses null for absent query strings and path parameters', () => {
    const event = buildProxyEvent(request({ url: '/status' }), route('GET', '/status'), {}, api, 'r', now);
    expect(event.queryStringParameters).toBeNull();
    expect(event.multiValueQueryStringParameters).toBeNull();
    expect(event.pathParameters).toBeNull();
    expect(event.requestContext.identity.userAgent).toBe('curl/8');
  });

  it('passes JSON as text and binary bodies base64-encoded', () => {
    const json = buildProxyEvent(
      request({
        method: 'POST',
        rawHeaders: ['Content-Type', 'application/json'],
        body: Buffer.from('{"type":"noop"}'),
      }),
      route('POST', '/jobs'),
      {},
      api,
      'r',
      now,
    );
    expect([json.body, json.isBase64Encoded]).toEqual(['{"type":"noop"}', false]);
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff]);
    const binary = buildProxyEvent(
      request({ method: 'POST', rawHeaders: ['Content-Type', 'image/png'], body: bytes }),
      route('POST', '/jobs'),
      {},
      api,
      'r',
      now,
    );
    expect([binary.body, binary.isBase64Encoded]).toEqual([bytes.toString('base64'), true]);
  });

  it('passes headers and query parameters named __proto__ or constructor through as data', () => {
    const event = buildProxyEvent(
      request({
        url: '/status?__proto__=x&constructor=1&constructor=2',
        rawHeaders: ['__proto__', 'a', 'constructor', 'b', 'toString', 'c'],
      }),
      route('GET', '/status'),
      {},
      api,
      'r',
      now,
    );
    expect(Object.getOwnPropertyDescriptor(event.headers, '__proto__')?.value).toBe('a');
    expect(event.multiValueHeaders.constructor).toEqual(['b']);
    expect(event.headers.toString).toBe('c');
    expect(event.multiValueQueryStringParameters?.constructor).toEqual(['1', '2']);
    expect(Object.hasOwn(event.queryStringParameters ?? {}, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).a).toBeUndefined();
  });
});

describe('proxy results to HTTP', () => {
  it('merges headers and multiValueHeaders, multiValueHeaders winning', () => {
    const response = proxyResultToHttp({
      statusCode: 201,
      headers: { 'X-One': '1', 'set-cookie': 'ignored=1', 'X-Num': 5 },
      multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'] },
      body: 'done',
    });
    expect(response).toEqual({
      statusCode: 201,
      headers: [
        ['Set-Cookie', 'a=1'],
        ['Set-Cookie', 'b=2'],
        ['X-One', '1'],
        ['X-Num', '5'],
      ],
      body: Buffer.from('done'),
    });
  });

  it('decodes base64 bodies', () => {
    const response = proxyResultToHttp({ statusCode: 200, body: 'AAEC/w==', isBase64Encoded: true });
    expect('body' in response && [...response.body]).toEqual([0, 1, 2, 255]);
  });

  it('calls anything API Gateway would reject malformed', () => {
    expect(proxyResultToHttp(null)).toHaveProperty('malformed');
    expect(proxyResultToHttp('ok')).toHaveProperty('malformed');
    expect(proxyResultToHttp({ body: 'no status' })).toHaveProperty('malformed');
    expect(proxyResultToHttp({ statusCode: 200, body: { a: 1 } })).toHaveProperty('malformed');
    expect(proxyResultToHttp({ statusCode: 200, multiValueHeaders: { a: 'b' } })).toHaveProperty('malformed');
  });
});

describe('gateway responses', () => {
  it('use the template override with $context.requestId filled in', () => {
    const responses = new GatewayResponses([
      {
        responseType: 'MISSING_AUTHENTICATION_TOKEN',
        statusCode: 404,
        templates: { 'application/json': '{"error":{"code":"NotFound","requestId":"$context.requestId"}}' },
        headers: { 'X-Extra': 'yes' },
      },
    ]);
    const response = responses.render('MISSING_AUTHENTICATION_TOKEN', { requestId: 'req-9' });
    expect(response.statusCode).toBe(404);
    expect(JSON.parse(response.body.toString())).toEqual({ error: { code: 'NotFound', requestId: 'req-9' } });
    expect(response.headers).toContainEqual(['X-Extra', 'yes']);
  });

  it("fall back to API Gateway's own answers", () => {
    const responses = new GatewayResponses([]);
    const missing = responses.render('MISSING_AUTHENTICATION_TOKEN', { requestId: 'r' });
    expect([missing.statusCode, missing.body.toString()]).toEqual([
      403,
      '{"message":"Missing Authentication Token"}',
    ]);
    const failed = responses.render('LAMBDA_ERROR', { requestId: 'r' });
    expect([failed.statusCode, failed.body.toString()]).toEqual([502, '{"message":"Internal server error"}']);
  });
});

describe('route precedence', () => {
  const table = new RouteTable([
    route('GET', '/files/{proxy+}'),
    route('GET', '/files/{name}'),
    route('GET', '/files/latest'),
    route('ANY', '/{proxy+}'),
  ]);
  const resourceOf = (method: string, path: string) => {
    const match = table.match(method, path);
    return match.kind === 'route' ? match.route.resourcePath : 'none';
  };

  it('prefers a literal segment, then {param}, then {proxy+}', () => {
    expect(resourceOf('GET', '/files/latest')).toBe('/files/latest');
    expect(resourceOf('GET', '/files/report.csv')).toBe('/files/{name}');
    expect(resourceOf('GET', '/files/a/b.csv')).toBe('/files/{proxy+}');
    expect(resourceOf('DELETE', '/anything/else')).toBe('/{proxy+}');
  });

  it('gives {proxy+} the rest of the path', () => {
    expect(table.match('GET', '/files/a/b%20c.csv')).toMatchObject({
      pathParameters: { proxy: 'a/b c.csv' },
    });
  });
});
