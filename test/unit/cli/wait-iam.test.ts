import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ScriptedServer, startScriptedServer } from '../../helpers/scripted-http-server.ts';
import { runSqsJobs } from './run-cli.ts';

let server: ScriptedServer | undefined;
afterEach(async () => {
  vi.unstubAllEnvs();
  await server?.close();
  server = undefined;
});

const job = (id: string, status: string) => ({
  id,
  type: 'noop',
  payload: {},
  status,
  attempts: 1,
  maxAttempts: 3,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:01.000Z',
});

describe('sqs-jobs wait', () => {
  it('waits for several jobs, prints a table and a summary, with a progress bar only on a terminal', async () => {
    server = await startScriptedServer(({ url }) => {
      const id = /^\/jobs\/([^/]+)/.exec(url)?.[1] ?? '';
      return { status: 200, body: job(id, id === 'b' ? 'canceled' : 'completed') };
    });
    const piped = await runSqsJobs(['--url', server.url, 'wait', 'a', 'b', 'c']);
    expect(piped.code).toBe(1);
    expect(piped.stdout).toBe(
      [
        'ID  TYPE  STATUS     ATTEMPTS  UPDATED',
        'a   noop  completed  1/3       2026-01-01T00:00:01Z',
        'b   noop  canceled   1/3       2026-01-01T00:00:01Z',
        'c   noop  completed  1/3       2026-01-01T00:00:01Z',
        '',
        '3 jobs: 2 completed, 1 canceled',
        '',
      ].join('\n'),
    );
    expect(piped.stderr).toBe('');
    const onTerminal = await runSqsJobs(['--url', server.url, 'wait', 'a', 'c'], { stderrIsTTY: true });
    expect(onTerminal.code).toBe(0);
    expect(onTerminal.stderr).toContain('2/2 finished · 2 completed, 0 failed, 0 canceled');
    const json = await runSqsJobs(['--url', server.url, '--json', 'wait', 'a', 'c'], { stderrIsTTY: true });
    expect(json.stderr).toBe('');
    expect(JSON.parse(json.stdout)).toHaveLength(2);
  });
});

describe('--iam', () => {
  it('signs every request with SigV4 as the AWS credential chain finds the caller, for --region', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY');
    vi.stubEnv('AWS_PROFILE', '');
    server = await startScriptedServer(() => ({ status: 200, body: job('a', 'completed') }));
    const run = await runSqsJobs(['--url', server.url, '--iam', '--region', 'eu-west-1', 'get', 'a']);
    expect(run.code).toBe(0);
    const authorization = String(server.requests[0]?.headers.authorization);
    expect(authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/execute-api\/aws4_request/,
    );
  });

  it('asks for a region when the URL does not name one', async () => {
    const run = await runSqsJobs(['--url', 'http://127.0.0.1:8080', '--iam', 'status']);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'sqs-jobs: --iam needs the region to sign for: 127.0.0.1:8080 does not name one; pass --region or set AWS_REGION\n',
    });
  });
});
