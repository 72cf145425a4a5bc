import { afterEach, describe, expect, it } from 'vitest';
import {
  createClient,
  InvalidArgumentError,
  SqsJobsApiError,
  type SqsJobsClient,
  SqsJobsClientError,
} from '../../../src/client/index.ts';
import type { jobs } from '../../fixtures/client/jobs.ts';
import {
  type ScriptedAnswer,
  type ScriptedServer,
  startScriptedServer,
} from '../../helpers/scripted-http-server.ts';

const ID = '3f0c8a9e-1b2c-4d5e-8f00-0123456789ab';

describe('every failed call becomes one SqsJobsApiError', () => {
  let server: ScriptedServer;
  afterEach(() => server?.close());

  async function failureOf(
    answer: ScriptedAnswer,
    call: (c: SqsJobsClient<typeof jobs>) => Promise<unknown> = (c) => c.get(ID),
  ) {
    server = await startScriptedServer(() => answer);
    return call(client()).then(
      () => expect.unreachable('the call succeeded'),
      (error: unknown) => error,
    );
  }
  const client = () => createClient<typeof jobs>({ url: `${server.url}/prod`, maxRetries: 0 });

  it("reads the API's JSON error: status, code, message, details, and the gateway's request id", async () => {
    const error = await failureOf({
      status: 400,
      body: {
        error: {
          code: 'ValidationError',
          message: 'Invalid job: payload.to: Invalid email address',
          details: { issues: [{ field: 'payload.to', message: 'Invalid email address' }] },
        },
      },
      headers: { 'x-amzn-RequestId': 'req-123' },
    });
    expect(error).toBeInstanceOf(SqsJobsApiError);
    expect(error).toBeInstanceOf(SqsJobsClientError);
    expect(error).toMatchObject({
      name: 'SqsJobsApiError',
      status: 400,
      code: 'ValidationError',
      message: 'Invalid job: payload.to: Invalid email address',
      details: { issues: [{ field: 'payload.to', message: 'Invalid email address' }] },
      requestId: 'req-123',
      method: 'GET',
      url: `${server.url}/prod/jobs/${ID}`,
    });
  });

  it("takes the request id from a gateway error's details when no header carries it", async () => {
    const error = await failureOf({
      status: 403,
      body: {
        error: { code: 'Forbidden', message: 'Missing or invalid API key.', details: { requestId: 'gw-9' } },
      },
    });
    expect(error).toMatchObject({ status: 403, code: 'Forbidden', requestId: 'gw-9' });
  });

  it('rejects a reschedule of a job that is not scheduled with the API’s JobNotScheduled, not retried', async () => {
    const error = await failureOf(
      {
        status: 409,
        body: {
          error: {
            code: 'JobNotScheduled',
            message: `Job ${ID} is pending; only a scheduled job can be rescheduled.`,
            details: { id: ID, status: 'pending' },
          },
        },
      },
      (c) => c.reschedule(ID, { delaySeconds: 60 }),
    );
    expect(error).toBeInstanceOf(SqsJobsApiError);
    expect(error).toMatchObject({
      status: 409,
      code: 'JobNotScheduled',
      details: { id: ID, status: 'pending' },
      method: 'POST',
      url: `${server.url}/prod/jobs/${ID}/reschedule`,
    });
    expect(server.requests).toHaveLength(1);
  });

  it('names a bare gateway answer ({"message": …}) after its status, keeping its message', async () => {
    expect(await failureOf({ status: 403, body: { message: 'Forbidden' } })).toMatchObject({
      status: 403,
      code: 'Forbidden',
      message: 'Forbidden',
      details: {},
    });
    expect(await failureOf({ status: 404, body: { message: 'Missing Authentication Token' } })).toMatchObject(
      {
        code: 'NotFound',
        message: 'Missing Authentication Token',
      },
    );
    expect(
      await failureOf({
        status: 403,
        body: { message: 'User is not authorized' },
        headers: { 'x-amzn-ErrorType': 'AccessDeniedException:http://internal.amazon.com/coral/' },
      }),
    ).toMatchObject({ code: 'AccessDeniedException', message: 'User is not authorized' });
  });

  it('keeps the start of a body that is not JSON, and names an empty one after its status and route', async () => {
    const html = await failureOf({ status: 502, body: '<html><body>Bad Gateway</body></html>' });
    expect(html).toMatchObject({
      status: 502,
      code: 'BadGateway',
      message: '<html><body>Bad Gateway</body></html>',
    });
    const empty = await failureOf({ status: 418 }, (c) => c.status());
    expect(empty).toMatchObject({ status: 418, code: 'HttpError' });
    expect((empty as Error).message).toBe(`418 HttpError from GET ${server.url}/prod/status`);
  });

  it('turns a 2xx that is not the route’s answer into InvalidResponse instead of handing it on', async () => {
    expect(await failureOf({ status: 200, body: '<html>captive portal</html>' })).toMatchObject({
      status: 200,
      code: 'InvalidResponse',
    });
    const notAPage = await failureOf({ status: 200, body: { hello: 'world' } }, async (c) => {
      for await (const _ of c.list()) break;
    });
    expect(notAPage).toMatchObject({ code: 'InvalidResponse' });
  });

  it('turns a request that got no answer into NetworkError (status 0) naming the URL, with the cause', async () => {
    server = await startScriptedServer(() => ({ status: 200 }));
    const url = server.url;
    await server.close();
    const error = await createClient<typeof jobs>({ url })
      .enqueue('noop')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SqsJobsApiError);
    expect(error).toMatchObject({ status: 0, code: 'NetworkError', method: 'POST', url: `${url}/jobs` });
    expect((error as Error).message).toContain(`POST ${url}/jobs`);
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect((error as Error).cause).toBeInstanceOf(Error);
  });
});

describe('arguments the client refuses before sending anything', () => {
  it('refuses a URL that is not absolute http(s), a query in it, and a bad maxRetries', () => {
    for (const url of ['127.0.0.1:8080', 'ftp://example.com', '/jobs', 'https://example.com/prod?x=1'])
      expect(() => createClient<typeof jobs>({ url }), url).toThrow(InvalidArgumentError);
    for (const maxRetries of [-1, 1.5, Number.NaN])
      expect(() => createClient<typeof jobs>({ url: 'http://h', maxRetries })).toThrow(/maxRetries/);
    expect(() => createClient<typeof jobs>({ url: 'http://h', apiKey: '' })).toThrow(/apiKey/);
  });

  it('refuses an empty job id (it would name the list route) and a list limit below 1', async () => {
    let sent = 0;
    const client = createClient<typeof jobs>({
      url: 'http://h',
      fetch: async () => {
        sent += 1;
        return Response.json({});
      },
    });
    await expect(client.get('')).rejects.toThrow(InvalidArgumentError);
    await expect(client.cancel('')).rejects.toThrow(InvalidArgumentError);
    await expect(client.waitFor('')).rejects.toThrow(InvalidArgumentError);
    expect(() => client.list({ limit: 0 })).toThrow(/limit/);
    expect(sent).toBe(0);
  });
});
