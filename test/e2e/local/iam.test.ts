import { readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseCredentials } from '../../../local/provision/identities.ts';
import { GATEWAY_ERRORS, IAM_MISSING_AUTHENTICATION_TOKEN } from '../../../src/cdk/gateway-responses.ts';
import { type SigningCredentials, signedFetch } from '../../support/signed-fetch.ts';
import { sqsJobs } from '../cli-process.ts';
import { type RuntimeProcess, startRuntimeProcess } from '../local-runtime-process.ts';
import { tempStateDir } from './harness.ts';

/**
 * The stack synthesized with -c auth=iam, served with --auth: every route but /health takes a SigV4
 * signature, checked by the local gateway against the template's read and admin policies, and the
 * access log records who called.
 */
const stateDir = tempStateDir('iam');
let runtime: RuntimeProcess;
let region: string;
let identities: Map<string, Record<string, string>>;

beforeAll(async () => {
  if (!inject('embedded')) return;
  runtime = await startRuntimeProcess({
    stateDir,
    args: ['--auth', '--context', 'auth=iam'],
    timeoutMs: 180_000,
  });
  region = /· ([a-z]{2}-[a-z]+-\d) ·/.exec(runtime.output())?.[1] ?? '';
  identities = parseCredentials(readFileSync(path.join(stateDir, 'credentials'), 'utf8'));
}, 200_000);

afterAll(async () => {
  await runtime?.stop('SIGINT');
  rmSync(stateDir, { recursive: true, force: true });
});

const as = (name: string): SigningCredentials => {
  const profile = identities.get(name);
  if (!profile) throw new Error(`no profile ${name} in ${[...identities.keys()].join(', ')}`);
  return {
    accessKeyId: profile.aws_access_key_id as string,
    secretAccessKey: profile.aws_secret_access_key as string,
  };
};

async function call(who: SigningCredentials | undefined, method: string, route: string, body?: unknown) {
  const url = `${runtime.apiUrl}${route}`;
  const init = {
    method,
    ...(body !== undefined
      ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }
      : {}),
  };
  const res = who ? await signedFetch(url, init, who, region) : await fetch(url, init);
  const text = await res.text();
  const json = res.headers.get('content-type')?.includes('json') ?? false;
  return { status: res.status, body: json ? (JSON.parse(text) as Record<string, unknown>) : { text } };
}

const errorOf = (error: { code: string; message: string }) => ({
  error: { code: error.code, message: error.message, details: { requestId: expect.any(String) } },
});

describe.skipIf(!inject('embedded'))('IAM authorization (-c auth=iam, npm start -- --auth)', () => {
  it('writes one identity per policy, api-read and api-admin, to an owner-only credentials file', () => {
    expect([...identities.keys()].sort()).toEqual(['api-admin', 'api-read']);
    expect(statSync(path.join(stateDir, 'credentials')).mode & 0o777).toBe(0o600);
    expect(runtime.output()).toMatch(/IAM: sign with SigV4 as api-\w+ or api-\w+/);
  });

  it('lets a read identity GET /jobs/{id} but refuses it POST /jobs with 403 AccessDenied', async () => {
    const submitted = await call(as('api-admin'), 'POST', '/jobs', { type: 'noop' });
    expect(submitted.status).toBe(202);
    const id = submitted.body.id as string;

    const read = await call(as('api-read'), 'GET', `/jobs/${id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id, type: 'noop' });
    for (const route of ['/status', `/jobs/${id}/status`, '/jobs?status=completed', '/metrics']) {
      expect((await call(as('api-read'), 'GET', route)).status, route).toBe(200);
    }

    const refused = await call(as('api-read'), 'POST', '/jobs', { type: 'noop' });
    expect(refused).toEqual({ status: 403, body: errorOf(GATEWAY_ERRORS.ACCESS_DENIED) });
    const cancel = await call(as('api-read'), 'POST', `/jobs/${id}/cancel`, {});
    expect(cancel.status).toBe(403);
  });

  it('refuses unsigned requests and wrong secrets, and still serves /health to anyone', async () => {
    expect(await call(undefined, 'GET', '/status')).toEqual({
      status: 403,
      body: errorOf(IAM_MISSING_AUTHENTICATION_TOKEN),
    });
    const forged = { ...as('api-admin'), secretAccessKey: 'x'.repeat(40) };
    expect(await call(forged, 'POST', '/jobs', { type: 'noop' })).toEqual({
      status: 403,
      body: errorOf(GATEWAY_ERRORS.INVALID_SIGNATURE),
    });
    expect((await call(undefined, 'GET', '/health')).status).toBe(200);
  });

  it("records the caller's identity in the access log, refusals included", async () => {
    const marker = `/jobs/iam-log-${Date.now()}`;
    expect((await call(as('api-read'), 'GET', marker)).status).toBe(404);
    expect((await call(as('api-read'), 'POST', '/jobs', { type: 'noop' })).status).toBe(403);
    const lines = readFileSync(path.join(stateDir, 'logs', 'access.log'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, string>);
    const readArn = 'arn:aws:iam::000000000000:user/api-read';
    expect(lines).toContainEqual(
      expect.objectContaining({
        httpMethod: 'GET',
        resourcePath: '/jobs/{id}',
        status: '404',
        userArn: readArn,
      }),
    );
    // A refusal of a valid signature still says whose it was.
    expect(lines).toContainEqual(
      expect.objectContaining({
        httpMethod: 'POST',
        status: '403',
        errorType: 'ACCESS_DENIED',
        userArn: readArn,
      }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({
        httpMethod: 'POST',
        status: '202',
        userArn: 'arn:aws:iam::000000000000:user/api-admin',
      }),
    );
  });

  it('serves the CLI with --iam, the terminal dashboard included, as the credentials file names it', async () => {
    const env = {
      SQS_JOBS_API_URL: runtime.apiUrl,
      SQS_JOBS_API_KEY: '',
      AWS_SHARED_CREDENTIALS_FILE: path.join(stateDir, 'credentials'),
      AWS_PROFILE: 'api-read',
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_REGION: region,
    };
    const status = await sqsJobs(['status', '--iam', '--json'], { env });
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ completed: expect.any(Number) });

    const dashboard = await sqsJobs(['dashboard', '--once', '--iam'], { env });
    expect(dashboard.code, dashboard.stderr).toBe(0);
    expect(dashboard.stdout).toContain(runtime.apiUrl);

    // Unsigned, the same dashboard is refused, and says how to get in.
    const unsigned = await sqsJobs(['dashboard', '--once'], { env });
    expect(unsigned.code).toBe(1);
    expect(unsigned.stderr).toMatch(/refused \(403/);
  });
});
