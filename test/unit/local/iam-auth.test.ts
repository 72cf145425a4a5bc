import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import { accessLogLine } from '../../../local/gateway/access-log.ts';
import { IamAuthorizer } from '../../../local/gateway/iam-auth.ts';
import type { LocalIdentity } from '../../../local/provision/identities.ts';
import { allowsInvoke, wildcardMatch } from '../../../local/template/invoke-policies.ts';
import { signRequest } from '../../support/signed-fetch.ts';

const NOW = new Date('2026-11-30T12:00:00Z');
const API = { region: 'eu-west-1', accountId: '000000000000', apiId: 'abc123', stage: 'prod' };
const ARN = (methods: string) => `arn:aws:execute-api:eu-west-1:000000000000:abc123/prod/${methods}/*`;

const identity = (name: string, methods: string, secret: string, accessKeyId: string): LocalIdentity => ({
  name,
  accessKeyId,
  secretAccessKey: secret,
  arn: `arn:aws:iam::000000000000:user/${name}`,
  userId: `AIDA${name.toUpperCase().replace('-', '')}`,
  policy: {
    logicalId: name,
    identity: name,
    statements: [{ effect: 'Allow', actions: ['execute-api:Invoke'], resources: [ARN(methods)] }],
  },
});
const read = identity('api-read', 'GET', 'read-secret-0123456789', 'AKIAREADREADREAD0001');
const admin = identity('api-admin', '*', 'admin-secret-0123456789', 'AKIAADMINADMINADM001');
const authorizer = new IamAuthorizer([read, admin], API, () => NOW);
const BASE = 'http://127.0.0.1:8080';

/** Signs like an AWS SDK caller, then hands the gateway the request as it would arrive. */
async function arrive(
  who: Pick<LocalIdentity, 'accessKeyId' | 'secretAccessKey'>,
  method: string,
  path: string,
  body = '',
  options: {
    region?: string;
    date?: Date;
    tamper?: (h: IncomingHttpHeaders) => void;
    sentBody?: string;
  } = {},
) {
  const signed = await signRequest(
    `${BASE}${path}`,
    { method, ...(body ? { body, headers: { 'content-type': 'application/json' } } : {}) },
    who,
    options.region ?? API.region,
    options.date ?? NOW,
  );
  const headers: IncomingHttpHeaders = Object.fromEntries(
    Object.entries(signed).map(([name, value]) => [name.toLowerCase(), value]),
  );
  options.tamper?.(headers);
  return authorizer.authorize({ method, url: path, headers, body: Buffer.from(options.sentBody ?? body) });
}

describe('IAM authorization of the local gateway (SigV4 + the identity policy)', () => {
  it('lets a read identity GET a job, and refuses it a POST with AccessDenied naming the method ARN', async () => {
    expect(await arrive(read, 'GET', '/jobs/j-1')).toMatchObject({
      ok: true,
      identity: { name: 'api-read' },
    });
    expect(await arrive(read, 'GET', '/jobs?status=failed&type=email')).toMatchObject({ ok: true });
    const denied = await arrive(read, 'POST', '/jobs', '{"type":"noop"}');
    expect(denied).toEqual({
      ok: false,
      type: 'ACCESS_DENIED',
      identity: read,
      reason: expect.stringContaining('arn:aws:execute-api:eu-west-1:000000000000:abc123/prod/POST/jobs'),
    });
  });

  it('lets an admin identity call every route', async () => {
    for (const [method, path] of [
      ['POST', '/jobs'],
      ['POST', '/jobs/j-1/cancel'],
      ['POST', '/dlq/redrive'],
      ['GET', '/metrics'],
    ] as const) {
      expect(
        await arrive(admin, method, path, method === 'POST' ? '{}' : ''),
        `${method} ${path}`,
      ).toMatchObject({
        ok: true,
        identity: { name: 'api-admin' },
      });
    }
  });

  it.each([
    [
      'no Authorization header',
      {
        tamper: (h: IncomingHttpHeaders): void => {
          delete h.authorization;
        },
      },
      'MISSING_AUTHENTICATION_TOKEN',
    ],
    [
      'a bearer token',
      {
        tamper: (h: IncomingHttpHeaders): void => {
          h.authorization = 'Bearer x';
        },
      },
      'INVALID_SIGNATURE',
    ],
    ['a body other than the signed one', { sentBody: '{"type":"cleanup"}' }, 'INVALID_SIGNATURE'],
    ['another region', { region: 'us-east-1' }, 'INVALID_SIGNATURE'],
    ['a signature from 6 minutes ago', { date: new Date(NOW.getTime() - 6 * 60_000) }, 'EXPIRED_TOKEN'],
    [
      'a temporary session token',
      {
        tamper: (h: IncomingHttpHeaders): void => {
          h['x-amz-security-token'] = 'token';
        },
      },
      'INVALID_SIGNATURE',
    ],
    [
      'a changed signed header',
      {
        tamper: (h: IncomingHttpHeaders): void => {
          h.host = 'evil.example';
        },
      },
      'INVALID_SIGNATURE',
    ],
  ] as const)('refuses %s with %s', async (_, options, type) => {
    expect(await arrive(admin, 'POST', '/jobs', '{"type":"noop"}', options)).toMatchObject({
      ok: false,
      type,
    });
  });

  it('refuses a wrong secret and an access key no identity has', async () => {
    const wrongSecret = { accessKeyId: admin.accessKeyId, secretAccessKey: 'not-the-secret-0123456' };
    expect(await arrive(wrongSecret, 'GET', '/status')).toMatchObject({
      ok: false,
      type: 'INVALID_SIGNATURE',
    });
    const stranger = { accessKeyId: 'AKIASTRANGER00000001', secretAccessKey: admin.secretAccessKey };
    expect(await arrive(stranger, 'GET', '/status')).toMatchObject({
      ok: false,
      type: 'INVALID_SIGNATURE',
      reason: expect.stringContaining('no local identity'),
    });
  });
});

describe('IAM policy evaluation', () => {
  it('matches * across slashes and ? as one character; actions without regard to case', () => {
    expect(
      wildcardMatch(ARN('GET'), 'arn:aws:execute-api:eu-west-1:000000000000:abc123/prod/GET/jobs/a/b'),
    ).toBe(true);
    expect(
      wildcardMatch(ARN('GET'), 'arn:aws:execute-api:eu-west-1:000000000000:abc123/prod/POST/jobs'),
    ).toBe(false);
    expect(wildcardMatch('a?c', 'abc')).toBe(true);
    expect(wildcardMatch('a.c', 'abc')).toBe(false);
    expect(wildcardMatch('execute-api:*', 'EXECUTE-API:Invoke', true)).toBe(true);
  });

  it('lets an explicit Deny win over an Allow', () => {
    const arn = 'arn:aws:execute-api:eu-west-1:000000000000:abc123/prod/POST/dlq/redrive';
    const allowAll = { effect: 'Allow', actions: ['execute-api:*'], resources: ['*'] } as const;
    expect(allowsInvoke([allowAll], arn)).toBe(true);
    expect(
      allowsInvoke(
        [allowAll, { effect: 'Deny', actions: ['execute-api:Invoke'], resources: ['*/POST/dlq/*'] }],
        arn,
      ),
    ).toBe(false);
    expect(allowsInvoke([], arn)).toBe(false);
  });
});

describe('access log lines', () => {
  it("fill the stage's format, - for what a request lacks, escaped for JSON", () => {
    const format =
      '{"requestId":"$context.requestId","userArn":"$context.identity.userArn","key":"$context.identity.apiKeyId","ua":"$context.identity.userAgent"}';
    const line = accessLogLine(format, {
      requestId: 'r-1',
      'identity.userArn': 'arn:aws:iam::000000000000:user/api-read',
      'identity.userAgent': 'curl "quoted"\n',
    });
    expect(JSON.parse(line)).toEqual({
      requestId: 'r-1',
      userArn: 'arn:aws:iam::000000000000:user/api-read',
      key: '-',
      ua: 'curl "quoted"\n',
    });
  });
});
