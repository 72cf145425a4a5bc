import type { IncomingHttpHeaders } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { verifySignature } from '../../../local/gateway/sigv4.ts';
import { createClient, InvalidArgumentError } from '../../../src/client/index.ts';
import type { jobs } from '../../fixtures/client/jobs.ts';
import { type ScriptedServer, startScriptedServer } from '../../helpers/scripted-http-server.ts';

const CREDENTIALS = { accessKeyId: 'AKIACLIENTTEST000001', secretAccessKey: 'client-secret-0123456789' };
const secretOf = (accessKeyId: string) =>
  accessKeyId === CREDENTIALS.accessKeyId ? CREDENTIALS.secretAccessKey : undefined;
const ID = '3f0c8a9e-1b2c-4d5e-8f00-0123456789ab';

/** A fetch that checks each request's signature as API Gateway would, then answers 202 or 403. */
function verifyingFetch(
  region: string,
  seen: { url: string; headers: Record<string, string> }[],
): typeof fetch {
  return async (input, init) => {
    const url = new URL(String(input));
    const headers = Object.fromEntries(
      Object.entries((init?.headers ?? {}) as Record<string, string>).map(([n, v]) => [n.toLowerCase(), v]),
    );
    seen.push({ url: url.href, headers });
    const verdict = await verifySignature(
      {
        method: init?.method ?? 'GET',
        url: `${url.pathname}${url.search}`,
        headers: { ...headers, host: url.host } as IncomingHttpHeaders,
        body: Buffer.from(typeof init?.body === 'string' ? init.body : ''),
      },
      secretOf,
      { region, now: new Date() },
    );
    const answer =
      url.pathname.endsWith('/jobs') && !init?.body ? { jobs: [], nextCursor: null } : { id: ID };
    return verdict.ok
      ? Response.json(answer, { status: 200 })
      : Response.json(
          { error: { code: 'InvalidSignature', message: verdict.reason, details: {} } },
          { status: 403 },
        );
  };
}

describe('SigV4 signing with credentials (auth=iam)', () => {
  let server: ScriptedServer | undefined;
  afterEach(() => server?.close());

  it('signs for execute-api in the region of an execute-api URL, stage path and query included', async () => {
    const seen: { url: string; headers: Record<string, string> }[] = [];
    const client = createClient<typeof jobs>({
      url: 'https://abc123defg.execute-api.eu-west-1.amazonaws.com/prod/',
      credentials: CREDENTIALS,
      fetch: verifyingFetch('eu-west-1', seen),
    });
    expect(await client.enqueue('email', { to: 'ada@example.com' })).toEqual({ id: ID });
    await client.cancel(ID);
    for await (const _ of client.list({ status: 'failed', limit: 3 })) break;
    expect(seen.map((s) => s.url)).toEqual([
      'https://abc123defg.execute-api.eu-west-1.amazonaws.com/prod/jobs',
      `https://abc123defg.execute-api.eu-west-1.amazonaws.com/prod/jobs/${ID}/cancel`,
      'https://abc123defg.execute-api.eu-west-1.amazonaws.com/prod/jobs?status=failed&limit=3',
    ]);
    for (const { headers } of seen) {
      expect(headers.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIACLIENTTEST000001\/\d{8}\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$/,
      );
      expect(headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
      // fetch sets Host itself and refuses to be given one.
      expect(headers.host).toBeUndefined();
    }
  });

  it('is refused by the verifier when signed for another region (the check is real)', async () => {
    const client = createClient<typeof jobs>({
      url: 'https://abc123defg.execute-api.eu-west-1.amazonaws.com/prod',
      credentials: CREDENTIALS,
      fetch: verifyingFetch('us-east-1', []),
    });
    await expect(client.status()).rejects.toMatchObject({ status: 403, code: 'InvalidSignature' });
  });

  it('signs over the wire to a host with a port, with `region` given and a credentials provider', async () => {
    server = await startScriptedServer(async (request) => {
      const verdict = await verifySignature({ ...request, body: Buffer.from(request.body) }, secretOf, {
        region: 'eu-central-1',
        now: new Date(),
      });
      return verdict.ok
        ? { status: 202, body: { id: ID, status: 'pending' } }
        : {
            status: 403,
            body: { error: { code: 'InvalidSignature', message: verdict.reason, details: {} } },
          };
    });
    let asked = 0;
    const client = createClient<typeof jobs>({
      url: `${server.url}/local`,
      region: 'eu-central-1',
      apiKey: 'also-a-key-0123456789',
      credentials: async () => {
        asked += 1;
        return CREDENTIALS;
      },
    });
    await client.enqueue('resize', { file: 'photos/cat 1.jpg', width: 64 });
    await client.retry(ID, { payload: { file: 'img.png' } });
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /local/jobs',
      `POST /local/jobs/${ID}/retry`,
    ]);
    expect(server.requests[0]?.headers['x-api-key']).toBe('also-a-key-0123456789');
    expect(asked).toBeGreaterThanOrEqual(1);
  });

  it('sends the session token of temporary credentials', async () => {
    const seen: { url: string; headers: Record<string, string> }[] = [];
    const client = createClient<typeof jobs>({
      url: 'https://abc123defg.execute-api.us-east-1.amazonaws.com/prod',
      credentials: { ...CREDENTIALS, sessionToken: 'session-token-value' },
      fetch: async (input, init) => {
        seen.push({ url: String(input), headers: init?.headers as Record<string, string> });
        return Response.json({ pending: 0 });
      },
    });
    await client.status();
    expect(seen[0]?.headers['x-amz-security-token']).toBe('session-token-value');
  });

  it('needs a region when the URL does not name one, and says to pass it', () => {
    expect(() =>
      createClient<typeof jobs>({ url: 'https://jobs.example.com/', credentials: CREDENTIALS }),
    ).toThrow(InvalidArgumentError);
    expect(() =>
      createClient<typeof jobs>({ url: 'https://jobs.example.com/', credentials: CREDENTIALS }),
    ).toThrow(/pass `region`/);
    // An API key needs no region.
    expect(() => createClient<typeof jobs>({ url: 'https://jobs.example.com/', apiKey: 'k' })).not.toThrow();
  });
});
