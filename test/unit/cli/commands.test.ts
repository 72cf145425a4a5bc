import { afterEach, describe, expect, it } from 'vitest';
import type { Schedule } from '../../../src/client/index.ts';
import type { Job } from '../../../src/core/job.ts';
import type { JobStatus } from '../../../src/core/status.ts';
import {
  type ReceivedRequest,
  type ScriptedAnswer,
  type ScriptedServer,
  startScriptedServer,
} from '../../helpers/scripted-http-server.ts';
import { aStatusView } from '../../helpers/stats.ts';
import { runSqsJobs } from './run-cli.ts';

const T = '2026-01-01T00:00:00.000Z';

function aJob(id: string, status: JobStatus, extra: Partial<Job> = {}): Job {
  return {
    id,
    type: 'email',
    payload: { to: 'bob@example.com' },
    status,
    attempts: status === 'pending' ? 0 : 1,
    maxAttempts: 3,
    createdAt: T,
    updatedAt: '2026-01-01T00:00:02.345Z',
    ...extra,
  };
}

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The API on a free port; `answer` gets each request, `undefined` means 404 NotFound. */
async function api(answer: (request: ReceivedRequest, index: number) => ScriptedAnswer | undefined) {
  server = await startScriptedServer(
    (request, index) =>
      answer(request, index) ?? {
        status: 404,
        body: { error: { code: 'NotFound', message: 'No route.', details: {} } },
      },
  );
  return server;
}

/** Jobs submitted are answered as ending in `finalStatus` when first looked at. */
async function apiFinishingAs(finalStatus: (index: number) => JobStatus) {
  let submitted = 0;
  return api(({ method, url, body }) => {
    if (method === 'POST' && url === '/jobs') {
      const id = `job-${submitted++}`;
      return { status: 202, body: { id, status: 'pending', echo: JSON.parse(body) } };
    }
    const match = /^\/jobs\/job-(\d+)(\/status)?$/.exec(url);
    if (method === 'GET' && match) {
      const n = Number(match[1]);
      return { status: 200, body: aJob(`job-${n}`, finalStatus(n), { result: { ok: true } }) };
    }
    return undefined;
  });
}

describe('sqs-jobs submit', () => {
  it('sends {type, payload, maxAttempts} with the API key and prints the id', async () => {
    const { url, requests } = await apiFinishingAs(() => 'completed');
    const run = await runSqsJobs(
      ['submit', 'email', '--payload', '{"to":"bob@example.com"}', '--max-attempts', '5'],
      {
        env: { SQS_JOBS_API_URL: url, SQS_JOBS_API_KEY: 'key-from-env' },
      },
    );
    expect(run).toEqual({ code: 0, stdout: 'job-0\n', stderr: '' });
    expect(JSON.parse(requests[0]?.body ?? '')).toEqual({
      type: 'email',
      payload: { to: 'bob@example.com' },
      maxAttempts: 5,
    });
    expect(requests[0]?.headers['x-api-key']).toBe('key-from-env');
  });

  it('sends --delay as delaySeconds and --run-at as runAt, as typed, next to maxAttempts', async () => {
    const { url, requests } = await apiFinishingAs(() => 'completed');
    const delayed = await runSqsJobs([
      '--url',
      url,
      'submit',
      'noop',
      '--delay',
      '600',
      '--max-attempts',
      '2',
    ]);
    const timed = await runSqsJobs(['--url', url, 'submit', 'noop', '--run-at', '2026-12-01T10:30:00+01:00']);
    const counted = await runSqsJobs(['--url', url, 'submit', 'noop', '--delay', '0', '--count', '2']);
    expect([delayed.code, timed.code, counted.code]).toEqual([0, 0, 0]);
    expect(requests.map((request) => JSON.parse(request.body))).toEqual([
      { type: 'noop', payload: {}, maxAttempts: 2, delaySeconds: 600 },
      { type: 'noop', payload: {}, runAt: '2026-12-01T10:30:00+01:00' },
      { type: 'noop', payload: {}, delaySeconds: 0 },
      { type: 'noop', payload: {}, delaySeconds: 0 },
    ]);
  });

  it('sends --priority as priority, to each job of --count, and a jobs file line’s priority as an option', async () => {
    const { url, requests } = await api(({ method, url: path }) => {
      if (method === 'POST' && path === '/jobs')
        return { status: 202, body: { id: 'p1', status: 'pending' } };
      if (method === 'POST' && path === '/jobs/batch')
        return {
          status: 200,
          body: {
            accepted: 1,
            rejected: 1,
            results: [
              { accepted: true, id: 'b1', status: 'pending' },
              {
                accepted: false,
                error: {
                  code: 'ValidationError',
                  message: 'Invalid job: priority: priority must be one of high, default, low',
                  details: {
                    issues: [{ field: 'priority', message: 'priority must be one of high, default, low' }],
                  },
                },
              },
            ],
          },
        };
      return undefined;
    });
    const high = await runSqsJobs(['--url', url, 'submit', 'noop', '--priority', 'high', '--count', '2']);
    expect(high).toEqual({ code: 0, stdout: 'p1\np1\n', stderr: '' });
    const lines = [
      '{"type":"email","to":"ada@example.com","priority":"low"}',
      '{"type":"noop","priority":"urgent"}',
    ];
    const file = await runSqsJobs(['--url', url, 'submit', '--file', '-'], {
      stdin: `${lines.join('\n')}\n`,
    });
    // The API judges a line's priority: a bad one refuses that job alone, naming the field.
    expect(file).toEqual({
      code: 3,
      stdout: 'b1\n',
      stderr: [
        'sqs-jobs: stdin line 2: field "priority": priority must be one of high, default, low',
        'sqs-jobs: 1 accepted, 1 refused',
        '',
      ].join('\n'),
    });
    expect(requests.map((request) => JSON.parse(request.body))).toEqual([
      { type: 'noop', payload: {}, priority: 'high' },
      { type: 'noop', payload: {}, priority: 'high' },
      {
        jobs: [
          { type: 'email', payload: { to: 'ada@example.com' }, priority: 'low' },
          { type: 'noop', payload: {}, priority: 'urgent' },
        ],
      },
    ]);
  });

  it('passes the delaySeconds and runAt of a jobs file line on as options, never as payload', async () => {
    const { url, requests } = await api(({ method, url: path }) =>
      method === 'POST' && path === '/jobs/batch'
        ? {
            status: 200,
            body: {
              accepted: 2,
              rejected: 0,
              results: [
                { accepted: true, id: 'b1', status: 'pending' },
                { accepted: true, id: 'b2', status: 'scheduled' },
              ],
            },
          }
        : undefined,
    );
    const lines = [
      '{"type":"email","to":"ada@example.com","delaySeconds":60}',
      '{"type":"email","payload":{"to":"bob@example.com"},"runAt":"2026-12-01T09:30:00Z","maxAttempts":2}',
    ];
    const run = await runSqsJobs(['--url', url, 'submit', '--file', '-'], { stdin: `${lines.join('\n')}\n` });
    expect(run).toEqual({ code: 0, stdout: 'b1\nb2\n', stderr: '' });
    expect(JSON.parse(requests[0]?.body ?? '')).toEqual({
      jobs: [
        { type: 'email', payload: { to: 'ada@example.com' }, delaySeconds: 60 },
        { type: 'email', payload: { to: 'bob@example.com' }, maxAttempts: 2, runAt: '2026-12-01T09:30:00Z' },
      ],
    });
  });

  it('sends --idempotency-key as the body field idempotencyKey, and says so when the key was already used', async () => {
    const { url, requests } = await api(({ method, url: path, body }) => {
      if (method !== 'POST' || path !== '/jobs') return undefined;
      const { idempotencyKey } = JSON.parse(body) as { idempotencyKey?: string };
      if (idempotencyKey === 'k1')
        return {
          status: 200,
          body: { id: 'first', status: 'running', duplicate: true },
          headers: { 'idempotent-replayed': 'true' },
        };
      return { status: 202, body: { id: 'new', status: 'pending' } };
    });
    const fresh = await runSqsJobs([
      '--url',
      url,
      'submit',
      'email',
      '--idempotency-key',
      'k2',
      '--max-attempts',
      '2',
    ]);
    expect(fresh).toEqual({ code: 0, stdout: 'new\n', stderr: '' });
    const again = await runSqsJobs(['--url', url, 'submit', 'email', '--idempotency-key', 'k1']);
    expect(again).toEqual({
      code: 0,
      stdout: 'first\n',
      stderr: 'sqs-jobs: idempotency key "k1" already used: job first (running); no new job was submitted\n',
    });
    const json = await runSqsJobs(['--url', url, '--json', 'submit', 'email', '--idempotency-key', 'k1']);
    expect(json.code).toBe(0);
    expect(json.stderr).toBe('');
    expect(JSON.parse(json.stdout)).toEqual({ id: 'first', status: 'running', duplicate: true });
    expect(requests.map((request) => JSON.parse(request.body))).toEqual([
      { type: 'email', payload: {}, maxAttempts: 2, idempotencyKey: 'k2' },
      { type: 'email', payload: {}, idempotencyKey: 'k1' },
      { type: 'email', payload: {}, idempotencyKey: 'k1' },
    ]);
    expect(requests.every((request) => request.headers['idempotency-key'] === undefined)).toBe(true);
  });

  it('exits 3 with the API’s words when a key is reused with a different request (409)', async () => {
    const { url } = await api(() => ({
      status: 409,
      body: {
        error: {
          code: 'IdempotencyKeyReused',
          message:
            'Idempotency key "k1" was used for job first with a different request; use a new key for a new job.',
          details: { idempotencyKey: 'k1', id: 'first' },
        },
      },
    }));
    const argv = ['submit', 'email', '--payload', '{"to":"bob@example.com"}', '--idempotency-key', 'k1'];
    expect(await runSqsJobs(['--url', url, ...argv])).toEqual({
      code: 3,
      stdout: '',
      stderr:
        'sqs-jobs: Idempotency key "k1" was used for job first with a different request; use a new key for a new job (409 IdempotencyKeyReused)\n',
    });
    const json = await runSqsJobs(['--url', url, '--json', ...argv]);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stderr)).toEqual({
      error: {
        code: 'IdempotencyKeyReused',
        message:
          'Idempotency key "k1" was used for job first with a different request; use a new key for a new job (409 IdempotencyKeyReused)',
        details: { idempotencyKey: 'k1', id: 'first', status: 409 },
      },
    });
  });

  it('passes the idempotencyKey of a jobs file line on, and says which lines were duplicates', async () => {
    const { url, requests } = await api(({ method, url: path }) =>
      method === 'POST' && path === '/jobs/batch'
        ? {
            status: 200,
            body: {
              accepted: 3,
              rejected: 0,
              results: [
                { accepted: true, id: 'b1', status: 'pending' },
                { accepted: true, id: 'b1', status: 'pending', duplicate: true },
                { accepted: true, id: 'old', status: 'completed', duplicate: true },
              ],
            },
          }
        : undefined,
    );
    const lines = [
      '{"type":"email","to":"ada@example.com","idempotencyKey":"k1"}',
      '{"type":"email","payload":{"to":"ada@example.com"},"idempotencyKey":"k1"}',
      '{"type":"noop","idempotencyKey":"k0"}',
    ];
    const stdin = `${lines.join('\n')}\n`;
    const run = await runSqsJobs(['--url', url, 'submit', '--file', '-'], { stdin });
    expect(run).toEqual({
      code: 0,
      stdout: 'b1\nb1\nold\n',
      stderr: [
        'sqs-jobs: stdin line 2: idempotency key "k1" already used: job b1 (pending); no new job was submitted',
        'sqs-jobs: stdin line 3: idempotency key "k0" already used: job old (completed); no new job was submitted',
        '',
      ].join('\n'),
    });
    expect(JSON.parse(requests[0]?.body ?? '')).toEqual({
      jobs: [
        { type: 'email', payload: { to: 'ada@example.com' }, idempotencyKey: 'k1' },
        { type: 'email', payload: { to: 'ada@example.com' }, idempotencyKey: 'k1' },
        { type: 'noop', payload: {}, idempotencyKey: 'k0' },
      ],
    });
    const json = await runSqsJobs(['--url', url, '--json', 'submit', '--file', '-'], { stdin });
    expect(json.stderr).toBe('');
    expect(JSON.parse(json.stdout)).toMatchObject({
      accepted: 3,
      results: [{ line: 1 }, { line: 2, duplicate: true }, { line: 3, id: 'old', duplicate: true }],
    });
  });

  it('takes --url and --api-key over the environment, and the payload from stdin with --payload -', async () => {
    const { url, requests } = await apiFinishingAs(() => 'completed');
    const run = await runSqsJobs(
      ['--url', url, '--api-key', 'flag-key', 'submit', 'email', '--payload', '-'],
      {
        env: { SQS_JOBS_API_URL: 'http://127.0.0.1:1', SQS_JOBS_API_KEY: 'env-key' },
        stdin: '{"to":"ann@example.com"}\n',
      },
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(requests[0]?.body ?? '')).toEqual({
      type: 'email',
      payload: { to: 'ann@example.com' },
    });
    expect(requests[0]?.headers['x-api-key']).toBe('flag-key');
  });

  it('--wait prints the finished job and exits 0 when it completed, 1 when it failed or was canceled', async () => {
    const statuses: JobStatus[] = ['completed', 'failed', 'canceled'];
    const { url } = await apiFinishingAs((n) => statuses[n] as JobStatus);
    const completed = await runSqsJobs(['--url', url, 'submit', 'email', '--wait']);
    expect(completed.code).toBe(0);
    expect(completed.stdout).toMatch(/^id {8}job-0\ntype {6}email\nstatus {4}completed\nattempts {2}1\/3\n/);
    expect(completed.stdout).toContain('result    {"ok":true}');
    expect((await runSqsJobs(['--url', url, 'submit', 'email', '--wait'])).code).toBe(1);
    const canceled = await runSqsJobs(['--url', url, '--json', 'submit', 'email', '--wait']);
    expect(canceled.code).toBe(1);
    expect(JSON.parse(canceled.stdout)).toMatchObject({ id: 'job-2', status: 'canceled' });
  });

  it('--count with --wait and --json prints one array; exit 1 when any job did not complete', async () => {
    const { url, requests } = await apiFinishingAs((n) => (n === 2 ? 'failed' : 'completed'));
    const run = await runSqsJobs(['--url', url, '--json', 'submit', 'noop', '--count', '4', '--wait']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const jobs = JSON.parse(run.stdout) as Job[];
    expect(jobs.map((job) => [job.id, job.status])).toEqual([
      ['job-0', 'completed'],
      ['job-1', 'completed'],
      ['job-2', 'failed'],
      ['job-3', 'completed'],
    ]);
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(4);
  });

  it('a wait that runs out of time exits 124 and says the job goes on', async () => {
    const { url } = await api(({ method, url: path }) =>
      method === 'POST'
        ? { status: 202, body: { id: 'slow', status: 'pending' } }
        : path.startsWith('/jobs/slow')
          ? { status: 200, body: aJob('slow', 'running') }
          : undefined,
    );
    const run = await runSqsJobs(['--url', url, 'submit', 'sleep', '--wait', '--timeout', '0.3']);
    expect(run.code).toBe(124);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'sqs-jobs: job slow did not finish within 0.3 s (last status: running); it goes on\n',
    );
  });

  it('says what is wrong with the command line before sending anything (exit 2)', async () => {
    const { url, requests } = await apiFinishingAs(() => 'completed');
    const cases: [string[], string][] = [
      [['submit', 'email', '--payload', '{"to":'], 'sqs-jobs: --payload is not valid JSON ('],
      [['submit', 'email', '--payload', '[1]'], 'sqs-jobs: --payload must be a JSON object'],
      [['submit', 'email', '--timeout', '5'], 'sqs-jobs: --timeout is how long --wait waits; add --wait'],
      [
        ['submit', 'email', '--max-attempts', 'two'],
        "sqs-jobs: option '--max-attempts <n>' argument 'two' is invalid",
      ],
      [['submit', 'email', '--frobnicate'], "sqs-jobs: unknown option '--frobnicate'"],
      [
        ['submit', 'email', '--delay', '1.5'],
        "sqs-jobs: option '--delay <seconds>' argument '1.5' is invalid. give whole seconds from 0 to 31536000 (a year)",
      ],
      [['submit', 'email', '--delay', '-5'], "option '--delay <seconds>' argument '-5' is invalid"],
      [['submit', 'email', '--delay', '31536001'], "argument '31536001' is invalid"],
      [
        ['submit', 'email', '--run-at', 'tomorrow'],
        "sqs-jobs: option '--run-at <time>' argument 'tomorrow' is invalid. give an ISO 8601 date-time with Z or an offset",
      ],
      // A time without Z or an offset names no instant: whose 09:30?
      [['submit', 'email', '--run-at', '2026-12-01T09:30:00'], "argument '2026-12-01T09:30:00' is invalid"],
      [
        ['submit', 'email', '--delay', '60', '--run-at', '2026-12-01T09:30:00Z'],
        'sqs-jobs: give --delay or --run-at, not both',
      ],
      [['submit', '--file', '-', '--delay', '60'], 'drop --delay'],
      [
        ['submit', 'email', '--priority', 'urgent'],
        "sqs-jobs: option '--priority <priority>' argument 'urgent' is invalid. Allowed choices are high, default, low",
      ],
      [['submit', 'email', '--priority', 'HIGH'], "argument 'HIGH' is invalid"],
      [['submit', '--file', '-', '--priority', 'high'], 'drop --priority'],
      [
        ['submit', 'email', '--idempotency-key', ''],
        "sqs-jobs: option '--idempotency-key <key>' argument '' is invalid. give 1 to 255 printable ASCII characters",
      ],
      [
        ['submit', 'email', '--idempotency-key', 'x'.repeat(256)],
        'is invalid. give 1 to 255 printable ASCII',
      ],
      [['submit', 'email', '--idempotency-key', 'commande-été'], "argument 'commande-été' is invalid"],
      [
        ['submit', 'email', '--idempotency-key', 'k1', '--count', '2'],
        'sqs-jobs: --idempotency-key submits one job at most, --count several: give one of them',
      ],
      [['submit', '--file', '-', '--idempotency-key', 'k1'], 'drop --idempotency-key'],
      [['reschedule', 'r1'], 'sqs-jobs: give the new start: --run-at <time> or --delay <seconds>'],
      [
        ['reschedule', 'r1', '--delay', '0', '--run-at', '2026-12-01T09:30:00Z'],
        'sqs-jobs: give --delay or --run-at, not both',
      ],
      [['reschedule', 'r1', '--delay', 'soon'], "option '--delay <seconds>' argument 'soon' is invalid"],
      [
        ['reschedule', 'r1', '--run-at', '12/01/2026'],
        "option '--run-at <time>' argument '12/01/2026' is invalid",
      ],
      [['reschedule', '--delay', '60'], "sqs-jobs: missing required argument 'id'"],
      [
        ['list', '--status', 'done'],
        'a status is one of waiting, scheduled, pending, running, completed, failed, canceled',
      ],
      [
        ['schedules', 'set', 'tick', '--type', 'noop'],
        "sqs-jobs: required option '--schedule <expr>' not specified",
      ],
      [
        ['schedules', 'set', 'tick', '--schedule', 'rate(1 hour)'],
        "sqs-jobs: required option '--type <type>' not specified",
      ],
      [
        ['schedules', 'set', '--schedule', 'rate(1 hour)', '--type', 'noop'],
        "missing required argument 'name'",
      ],
      [
        ['schedules', 'set', 'a/b', '--schedule', 'rate(1 hour)', '--type', 'noop'],
        'a schedule name is 1–64 letters, digits, "_", "-" or ".", starting with a letter or digit',
      ],
      [
        ['schedules', 'set', 'tick', '--schedule', 'every hour', '--type', 'noop'],
        `sqs-jobs: option '--schedule <expr>' argument 'every hour' is invalid. "every hour" is neither rate(...) nor cron(...); e.g. rate(1 hour), rate(15 minutes) or cron(0 9 ? * MON-FRI *)`,
      ],
      [
        ['schedules', 'set', 'tick', '--schedule', 'cron(0 9 * * *)', '--type', 'noop'],
        'cron(0 9 * * *) needs 6 fields (minutes hours day-of-month month day-of-week year), got 5',
      ],
      [
        ['schedules', 'set', 'tick', '--schedule', 'rate(1 hours)', '--type', 'noop'],
        'use a singular unit for 1',
      ],
      [
        ['schedules', 'set', 'tick', '--schedule', 'cron(0 9 * * ? 2020)', '--type', 'noop'],
        'cron(0 9 * * ? 2020) never fires again',
      ],
      [
        [
          'schedules',
          'set',
          'tick',
          '--schedule',
          'rate(1 hour)',
          '--type',
          'noop',
          '--timezone',
          'Mars/Olympus',
        ],
        "option '--timezone <tz>' argument 'Mars/Olympus' is invalid. give an IANA time zone name",
      ],
      [
        ['schedules', 'set', 'tick', '--schedule', 'rate(1 hour)', '--type', 'noop', '--payload', '[1]'],
        'sqs-jobs: --payload must be a JSON object',
      ],
      [
        ['schedules', 'set', 'tick', '--schedule', 'rate(1 hour)', '--type', 'noop', '--payload', '{"a":'],
        'sqs-jobs: --payload is not valid JSON (',
      ],
      [
        ['schedules', 'set', 'tick', '--schedule', 'rate(1 hour)', '--type', 'noop', '--max-attempts', '0'],
        "option '--max-attempts <n>' argument '0' is invalid. give a whole number ≥ 1",
      ],
      [
        ['schedules', 'set', 'tick', '--schedule', 'rate(1 hour)', '--type', 'noop', '--max-attempts', '2.5'],
        "argument '2.5' is invalid",
      ],
      [
        ['schedules', 'set', 'tick', '--schedule', 'rate(1 hour)', '--type', 'noop', '--priority', 'urgent'],
        "sqs-jobs: option '--priority <priority>' argument 'urgent' is invalid. Allowed choices are high, default, low",
      ],
      [
        ['schedules', 'set', 'tick', '--schedule', 'rate(1 hour)', '--type', 'noop', '--priority', 'HIGH'],
        "argument 'HIGH' is invalid",
      ],
      [['schedules', 'get'], "sqs-jobs: missing required argument 'name'"],
      [['schedules', 'delete'], "sqs-jobs: missing required argument 'name'"],
      [['schedules', 'lsit'], "sqs-jobs: unknown command 'schedules lsit'; use list, get, set or delete"],
    ];
    for (const [argv, said] of cases) {
      const run = await runSqsJobs(['--url', url, ...argv]);
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.stderr).toContain(said);
      expect(run.stderr.trimEnd().split('\n'), run.stderr).toHaveLength(1);
    }
    expect(requests).toHaveLength(0);
  });

  it('says which flag or variable to set when no URL is given', async () => {
    const run = await runSqsJobs(['list']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "sqs-jobs: no API URL: pass --url <API base URL> or set SQS_JOBS_API_URL (e.g. --url http://127.0.0.1:8080, or the stack's ApiUrl output)\n",
    );
    expect((await runSqsJobs(['--url', 'localhost:8080', 'list'])).stderr).toBe(
      'sqs-jobs: --url "localhost:8080" must start with http:// or https://\n',
    );
  });
});

describe('error lines', () => {
  const validation = {
    status: 400,
    body: {
      error: {
        code: 'ValidationError',
        message: 'Invalid job: payload.to: Invalid email address',
        details: { issues: [{ field: 'payload.to', message: 'Invalid email address' }] },
      },
    },
  };

  it('names the payload field the API refused, in one line, or as JSON on stderr with --json', async () => {
    const { url } = await api(() => validation);
    const run = await runSqsJobs(['--url', url, 'submit', 'email', '--payload', '{"to":"nope"}']);
    expect(run).toEqual({
      code: 3,
      stdout: '',
      stderr: 'sqs-jobs: payload field "to": Invalid email address\n',
    });
    const json = await runSqsJobs(['--url', url, '--json', 'submit', 'email', '--payload', '{"to":"nope"}']);
    expect(json.code).toBe(3);
    expect(json.stdout).toBe('');
    expect(JSON.parse(json.stderr)).toEqual({
      error: {
        code: 'ValidationError',
        message: 'payload field "to": Invalid email address',
        details: { issues: [{ field: 'payload.to', message: 'Invalid email address' }], status: 400 },
      },
    });
  });

  it('says an unreachable API cannot be reached', async () => {
    const { url } = await api(() => undefined);
    await server?.close();
    server = undefined;
    const run = await runSqsJobs(['--url', url, 'status']);
    expect(run).toEqual({
      code: 3,
      stdout: '',
      stderr: `sqs-jobs: cannot reach ${url} (connection refused)\n`,
    });
  });

  it('words the API refusals people meet: unknown type, unknown job, missing key, wrong URL', async () => {
    const { url } = await api(({ url: path, headers }) => {
      if (path === '/jobs')
        return {
          status: 400,
          body: {
            error: {
              code: 'UnknownJobType',
              message: 'Unknown job type "mail". Known types: email, noop.',
              details: { type: 'mail', knownTypes: ['email', 'noop'] },
            },
          },
        };
      if (path === '/status' && !headers['x-api-key'])
        return { status: 403, body: { error: { code: 'Forbidden', message: 'Forbidden' } } };
      if (path.startsWith('/jobs/'))
        return {
          status: 404,
          body: { error: { code: 'JobNotFound', message: 'No job with id "abc".', details: { id: 'abc' } } },
        };
      return undefined;
    });
    const lines = async (...argv: string[]) => (await runSqsJobs(['--url', url, ...argv])).stderr;
    expect(await lines('submit', 'mail')).toBe(
      'sqs-jobs: unknown job type "mail"; known types: email, noop\n',
    );
    expect(await lines('get', 'abc')).toBe('sqs-jobs: No job with id "abc" (404 JobNotFound)\n');
    expect(await lines('status')).toBe(
      'sqs-jobs: Forbidden (403 Forbidden); this API needs a key: pass --api-key or set SQS_JOBS_API_KEY (or --iam on a stage with auth=iam)\n',
    );
    expect(await lines('redrive')).toBe(
      `sqs-jobs: POST ${url}/dlq/redrive is not a route of the API (404 NotFound); is --url the API base URL, stage path included (…/prod)?\n`,
    );
  });
});

describe('sqs-jobs list, get, status, cancel, retry, redrive', () => {
  it('lists jobs as an aligned table, following pages up to --limit, with escape sequences removed', async () => {
    const { url, requests } = await api(({ url: path }) => {
      if (!path.startsWith('/jobs?')) return undefined;
      const page = path.includes('cursor=') ? 2 : 1;
      const jobs =
        page === 1
          ? [aJob('a1', 'completed'), aJob('b22', 'failed', { type: 'resize\x1b[2J', attempts: 3 })]
          : [aJob('c333', 'pending')];
      return { status: 200, body: { jobs, nextCursor: page === 1 ? 'next' : null, limit: 2 } };
    });
    const run = await runSqsJobs([
      '--url',
      url,
      'list',
      '--status',
      'completed',
      '--type',
      'email',
      '--limit',
      '3',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        'ID    TYPE    STATUS     ATTEMPTS  UPDATED',
        'a1    email   completed  1/3       2026-01-01T00:00:02Z',
        'b22   resize  failed     3/3       2026-01-01T00:00:02Z',
        'c333  email   pending    0/3       2026-01-01T00:00:02Z',
        '',
      ].join('\n'),
    );
    expect(requests.map((r) => r.url)).toEqual([
      '/jobs?status=completed&type=email&limit=3',
      '/jobs?status=completed&type=email&limit=1&cursor=next',
    ]);
    const json = await runSqsJobs(['--url', url, '--json', 'list', '--limit', '1']);
    expect(JSON.parse(json.stdout)).toEqual([aJob('a1', 'completed')]);
  });

  it('shows a job with its history, and the status counts aligned', async () => {
    const job = aJob('j1', 'failed', {
      attempts: 2,
      error: { name: 'Error', message: 'SMTP timeout' },
      history: [
        {
          startedAt: T,
          finishedAt: T,
          outcome: 'retried',
          error: { name: 'Error', message: 'SMTP timeout' },
        },
        { startedAt: T, finishedAt: T, outcome: 'failed', error: { name: 'Error', message: 'SMTP timeout' } },
      ],
    });
    const status = aStatusView({
      throughput: { completedPerSecond: 14, failedPerSecond: 0.25, windowSeconds: 60 },
    });
    const { url } = await api(({ url: path }) =>
      path === '/jobs/j1'
        ? { status: 200, body: job }
        : path === '/status'
          ? { status: 200, body: status }
          : undefined,
    );
    const shown = (await runSqsJobs(['--url', url, 'get', 'j1'])).stdout;
    expect(shown).toContain('error     Error: SMTP timeout\n');
    expect(shown).toContain(
      [
        'history',
        '  ATTEMPT  STARTED               FINISHED              OUTCOME  ERROR',
        '  1        2026-01-01T00:00:00Z  2026-01-01T00:00:00Z  retried  Error: SMTP timeout',
        '  2        2026-01-01T00:00:00Z  2026-01-01T00:00:00Z  failed   Error: SMTP timeout',
      ].join('\n'),
    );
    const lines = (await runSqsJobs(['--url', url, 'status'])).stdout.split('\n');
    expect(lines.slice(0, 7)).toEqual([
      `waiting       ${status.waiting}`,
      `scheduled     ${status.scheduled}`,
      `pending       ${status.pending}`,
      `running       ${status.running}`,
      `completed     ${status.completed}`,
      `failed        ${status.failed}`,
      `canceled      ${status.canceled}`,
    ]);
    expect(lines).toContain('throughput    14 completed/s, 0.25 failed/s (last 60 s)');
  });

  it('cancels, retries with a new payload, and redrives until the API has no more to move', async () => {
    let redriveCalls = 0;
    const { url, requests } = await api(({ url: path }) => {
      if (path === '/jobs/r1/cancel')
        return { status: 202, body: { id: 'r1', status: 'running', cancelRequested: true } };
      if (path === '/jobs/r1/retry') return { status: 202, body: { id: 'r1', status: 'pending' } };
      if (path === '/dlq/redrive') {
        redriveCalls += 1;
        return { status: 200, body: { moved: 10, stale: 1, skipped: 2, more: redriveCalls < 3 } };
      }
      return undefined;
    });
    expect((await runSqsJobs(['--url', url, 'cancel', 'r1'])).stdout).toBe(
      'r1: cancel requested; the job is running and stops at its next heartbeat (within 5 s)\n',
    );
    expect(
      (await runSqsJobs(['--url', url, 'retry', 'r1', '--payload', '{"to":"x@example.com"}'])).stdout,
    ).toBe('r1: pending (runs again from attempt 1)\n');
    expect(requests.at(-1)?.body).toBe('{"payload":{"to":"x@example.com"}}');
    const redrive = await runSqsJobs(['--url', url, '--json', 'redrive', '--type', 'email']);
    expect(JSON.parse(redrive.stdout)).toEqual({ moved: 30, stale: 3, skipped: 2, more: false });
    expect(requests.filter((r) => r.url === '/dlq/redrive').map((r) => r.body)).toEqual([
      '{"type":"email"}',
      '{"type":"email"}',
      '{"type":"email"}',
    ]);
  });
});

describe('sqs-jobs get, list and status show priorities', () => {
  it('shows a job’s priority in get, default for a job stored before priorities', async () => {
    const { url } = await api(({ url: path }) => {
      if (path === '/jobs/h1') return { status: 200, body: aJob('h1', 'pending', { priority: 'high' }) };
      if (path === '/jobs/old') return { status: 200, body: aJob('old', 'completed') };
      return undefined;
    });
    expect((await runSqsJobs(['--url', url, 'get', 'h1'])).stdout).toContain(
      'attempts  0/3\npriority  high\ncreated   2026-01-01T00:00:00Z\n',
    );
    expect((await runSqsJobs(['--url', url, 'get', 'old'])).stdout).toContain('priority  default\n');
  });

  it('lists a PRIORITY column only when a job is not default', async () => {
    const mixed = [
      aJob('h1', 'pending', { priority: 'high' }),
      aJob('d1', 'pending', { priority: 'default' }),
      aJob('old', 'completed'),
      aJob('l1', 'running', { priority: 'low' }),
    ];
    const { url } = await api(({ url: path }) => {
      if (path.startsWith('/jobs?status=pending'))
        return { status: 200, body: { jobs: mixed, nextCursor: null, limit: 20 } };
      if (path.startsWith('/jobs?'))
        return { status: 200, body: { jobs: mixed.slice(1, 3), nextCursor: null, limit: 20 } };
      return undefined;
    });
    expect((await runSqsJobs(['--url', url, 'list', '--status', 'pending'])).stdout).toBe(
      [
        'ID   TYPE   STATUS     PRIORITY  ATTEMPTS  UPDATED',
        'h1   email  pending    high      0/3       2026-01-01T00:00:02Z',
        'd1   email  pending    default   0/3       2026-01-01T00:00:02Z',
        'old  email  completed  default   1/3       2026-01-01T00:00:02Z',
        'l1   email  running    low       1/3       2026-01-01T00:00:02Z',
        '',
      ].join('\n'),
    );
    expect((await runSqsJobs(['--url', url, 'list'])).stdout).toBe(
      [
        'ID   TYPE   STATUS     ATTEMPTS  UPDATED',
        'd1   email  pending    0/3       2026-01-01T00:00:02Z',
        'old  email  completed  1/3       2026-01-01T00:00:02Z',
        '',
      ].join('\n'),
    );
  });

  it('shows each priority’s queue under the queue’s total in status, when the API reports them', async () => {
    const queues = {
      high: { visible: 2, inFlight: 1, delayed: 0 },
      default: { visible: 1_200, inFlight: 8, delayed: 3 },
      low: { visible: 0, inFlight: 0, delayed: 40 },
    };
    const withQueues = aStatusView({ queue: { visible: 1_202, inFlight: 9, delayed: 43 }, queues });
    // A stack from before priorities answers no `queues`; one before its first snapshot, null.
    const { queues: _, ...older } = withQueues;
    const fresh = aStatusView({ queue: null, queues: null });
    const answers = [withQueues, older, fresh];
    const { url } = await api(({ url: path }, index) =>
      path === '/status' ? { status: 200, body: answers[index] } : undefined,
    );
    const lines = (await runSqsJobs(['--url', url, 'status'])).stdout.split('\n');
    const at = lines.findIndex((line) => line.startsWith('queue '));
    expect(lines.slice(at, at + 4)).toEqual([
      'queue         1,202 visible, 9 in flight, 43 delayed',
      '  high        2 visible, 1 in flight, 0 delayed',
      '  default     1,200 visible, 8 in flight, 3 delayed',
      '  low         0 visible, 0 in flight, 40 delayed',
    ]);
    const before = (await runSqsJobs(['--url', url, 'status'])).stdout;
    expect(before).toContain('queue         1,202 visible, 9 in flight, 43 delayed\ndead letters');
    const unknown = (await runSqsJobs(['--url', url, 'status'])).stdout;
    expect(unknown).toContain('queue         no stats snapshot yet\ndead letters');
  });
});

describe('sqs-jobs get shows when a finished job expires', () => {
  it('prints an expires line under finished for a finished job, none for a job without', async () => {
    const done = aJob('c1', 'completed', {
      finishedAt: '2026-01-01T00:00:03.000Z',
      expiresAt: '2026-01-08T00:00:03.000Z',
    });
    const { url } = await api(({ url: path }) => {
      if (path === '/jobs/c1') return { status: 200, body: done };
      if (path === '/jobs/p1') return { status: 200, body: aJob('p1', 'pending') };
      return undefined;
    });
    expect((await runSqsJobs(['--url', url, 'get', 'c1'])).stdout).toContain(
      'finished  2026-01-01T00:00:03Z\nexpires   2026-01-08T00:00:03Z\n',
    );
    expect((await runSqsJobs(['--url', url, 'get', 'p1'])).stdout).not.toContain('expires');
    const json = await runSqsJobs(['--url', url, '--json', 'get', 'c1']);
    expect(JSON.parse(json.stdout)).toMatchObject({ expiresAt: '2026-01-08T00:00:03.000Z' });
  });
});

describe('sqs-jobs get shows job limits', () => {
  it('shows why a limit holds a job back, and its limit key, in get; --json passes them on as the API gave them', async () => {
    const heldBack = {
      reason: 'keyRate',
      message: '10 email jobs of key "example.com" started this second (rate 10/s)',
      since: '2026-01-01T00:00:01.000Z',
      until: '2026-01-01T00:00:03.000Z',
      times: 2,
    } as const;
    const held = aJob('e1', 'pending', { limitKey: 'example.com', heldBack });
    const { url } = await api(({ url: path }) =>
      path === '/jobs/e1' ? { status: 200, body: held } : undefined,
    );
    const shown = (await runSqsJobs(['--url', url, 'get', 'e1'])).stdout;
    expect(shown).toContain(
      'status     pending\nheld back  10 email jobs of key "example.com" started this second (rate 10/s) — 2 times since 2026-01-01T00:00:01Z, next try 2026-01-01T00:00:03Z\n',
    );
    expect(shown).toContain('priority   default\nlimit key  example.com\n');
    const json = await runSqsJobs(['--url', url, '--json', 'get', 'e1']);
    expect(JSON.parse(json.stdout)).toMatchObject({ limitKey: 'example.com', heldBack });
  });
});

describe('sqs-jobs reschedule, and jobs that start later', () => {
  const RUN_AT = '2026-12-01T08:30:00.000Z';

  it('posts the new start to /jobs/{id}/reschedule and prints the answer, or the API’s as --json', async () => {
    const { url, requests } = await api(({ method, url: path, body }) => {
      if (method !== 'POST' || path !== '/jobs/s1/reschedule') return undefined;
      const asked = JSON.parse(body) as { runAt?: string; delaySeconds?: number };
      return asked.delaySeconds === 0
        ? { status: 202, body: { id: 's1', status: 'pending', runAt: T } }
        : { status: 202, body: { id: 's1', status: 'scheduled', runAt: RUN_AT } };
    });
    const later = await runSqsJobs([
      '--url',
      url,
      'reschedule',
      's1',
      '--run-at',
      '2026-12-01T09:30:00+01:00',
    ]);
    expect(later).toEqual({
      code: 0,
      stdout: 's1: scheduled (starts at 2026-12-01T08:30:00Z at the earliest)\n',
      stderr: '',
    });
    const now = await runSqsJobs(['--url', url, '--json', 'reschedule', 's1', '--delay', '0']);
    expect(now.code).toBe(0);
    expect(JSON.parse(now.stdout)).toEqual({ id: 's1', status: 'pending', runAt: T });
    expect(requests.map((r) => `${r.method} ${r.url} ${r.body}`)).toEqual([
      'POST /jobs/s1/reschedule {"runAt":"2026-12-01T09:30:00+01:00"}',
      'POST /jobs/s1/reschedule {"delaySeconds":0}',
    ]);
  });

  it('says why a job cannot be rescheduled (409 JobNotScheduled, 404 JobNotFound) and exits 3', async () => {
    const { url } = await api(({ url: path }) => {
      if (path === '/jobs/p1/reschedule')
        return {
          status: 409,
          body: {
            error: {
              code: 'JobNotScheduled',
              message:
                "Job p1 is pending; only a scheduled job can be rescheduled (a queued one's message is already on its way: cancel it and submit it again).",
              details: { id: 'p1', status: 'pending' },
            },
          },
        };
      if (path === '/jobs/nope/reschedule')
        return {
          status: 404,
          body: {
            error: { code: 'JobNotFound', message: 'No job with id "nope".', details: { id: 'nope' } },
          },
        };
      return undefined;
    });
    expect(await runSqsJobs(['--url', url, 'reschedule', 'p1', '--delay', '60'])).toEqual({
      code: 3,
      stdout: '',
      stderr:
        "sqs-jobs: Job p1 is pending; only a scheduled job can be rescheduled (a queued one's message is already on its way: cancel it and submit it again) (409 JobNotScheduled)\n",
    });
    const missing = await runSqsJobs(['--url', url, '--json', 'reschedule', 'nope', '--delay', '60']);
    expect(missing.code).toBe(3);
    expect(JSON.parse(missing.stderr)).toMatchObject({ error: { code: 'JobNotFound' } });
  });

  it('shows a job’s run at in get, and a RUN AT column in list only when a job has one', async () => {
    const scheduled = aJob('s1', 'scheduled', { attempts: 0, runAt: RUN_AT });
    const { url } = await api(({ url: path }) => {
      if (path === '/jobs/s1') return { status: 200, body: scheduled };
      if (path.startsWith('/jobs?status=scheduled'))
        return { status: 200, body: { jobs: [scheduled], nextCursor: null, limit: 20 } };
      if (path.startsWith('/jobs?'))
        return { status: 200, body: { jobs: [aJob('a1', 'completed')], nextCursor: null, limit: 20 } };
      return undefined;
    });
    const shown = await runSqsJobs(['--url', url, 'get', 's1']);
    expect(shown.stdout).toContain('status    scheduled\n');
    expect(shown.stdout).toContain('updated   2026-01-01T00:00:02Z\nrun at    2026-12-01T08:30:00Z\n');
    const listed = await runSqsJobs(['--url', url, 'list', '--status', 'scheduled']);
    expect(listed.stdout).toBe(
      [
        'ID  TYPE   STATUS     ATTEMPTS  RUN AT                UPDATED',
        's1  email  scheduled  0/3       2026-12-01T08:30:00Z  2026-01-01T00:00:02Z',
        '',
      ].join('\n'),
    );
    expect((await runSqsJobs(['--url', url, 'list'])).stdout).toBe(
      [
        'ID  TYPE   STATUS     ATTEMPTS  UPDATED',
        'a1  email  completed  1/3       2026-01-01T00:00:02Z',
        '',
      ].join('\n'),
    );
  });
});

describe('sqs-jobs and job dependencies', () => {
  const accepted = (results: { id: string; status: string }[]) => ({
    status: 200,
    body: {
      accepted: results.length,
      rejected: 0,
      results: results.map((result) => ({ accepted: true, ...result })),
    },
  });

  it('sends --depends-on (spaces, commas or the flag again) as dependsOn, with --on-dependency-failure', async () => {
    const { url, requests } = await api(({ method, url: path }) =>
      method === 'POST' && path === '/jobs'
        ? { status: 202, body: { id: 'd1', status: 'waiting' } }
        : undefined,
    );
    const spaced = await runSqsJobs(['--url', url, 'submit', 'report', '--depends-on', 'a1', 'b2']);
    expect(spaced).toEqual({ code: 0, stdout: 'd1\n', stderr: '' });
    const argv = ['submit', 'report', '--depends-on', 'a1,b2', '--depends-on', 'c3'];
    const commas = await runSqsJobs(['--url', url, ...argv, '--on-dependency-failure', 'skip']);
    expect(commas.code).toBe(0);
    const counted = await runSqsJobs([
      '--url',
      url,
      '--json',
      'submit',
      'noop',
      '--count',
      '2',
      '--depends-on',
      'a1',
      '--on-dependency-failure',
      'run',
    ]);
    expect(JSON.parse(counted.stdout)).toEqual([
      { id: 'd1', status: 'waiting' },
      { id: 'd1', status: 'waiting' },
    ]);
    expect(requests.map((request) => JSON.parse(request.body))).toEqual([
      { type: 'report', payload: {}, dependsOn: ['a1', 'b2'] },
      { type: 'report', payload: {}, dependsOn: ['a1', 'b2', 'c3'], onDependencyFailure: 'skip' },
      { type: 'noop', payload: {}, dependsOn: ['a1'], onDependencyFailure: 'run' },
      { type: 'noop', payload: {}, dependsOn: ['a1'], onDependencyFailure: 'run' },
    ]);
  });

  it('refuses what the API would refuse before sending anything (exit 2)', async () => {
    const { url, requests } = await apiFinishingAs(() => 'completed');
    const cases: [string[], string][] = [
      [
        ['submit', 'report', '--depends-on', 'a1', '--on-dependency-failure', 'ignore'],
        "sqs-jobs: option '--on-dependency-failure <policy>' argument 'ignore' is invalid. Allowed choices are fail, skip, run",
      ],
      [
        ['submit', 'report', '--on-dependency-failure', 'skip'],
        'sqs-jobs: --on-dependency-failure says what a failed dependency does to the job; add --depends-on <id...>',
      ],
      [
        ['submit', 'report', '--depends-on', 'a1', '--delay', '60'],
        'sqs-jobs: a job with --depends-on starts when they end; drop --delay',
      ],
      [
        ['submit', 'report', '--depends-on', 'a1', '--run-at', '2026-12-01T09:30:00Z'],
        'sqs-jobs: a job with --depends-on starts when they end; drop --run-at',
      ],
      [
        ['submit', 'report', '--depends-on', 'a1,a1'],
        "sqs-jobs: option '--depends-on <id...>' argument 'a1,a1' is invalid. job a1 is named twice; name each job once",
      ],
      [['submit', 'report', '--depends-on', 'a1,'], "argument 'a1,' is invalid. give job ids"],
      [['submit', 'report', '--depends-on', 'x'.repeat(129)], 'is invalid. give job ids'],
      [['submit', 'report', '--depends-on'], "sqs-jobs: option '--depends-on <id...>' argument missing"],
      [['submit', '--file', '-', '--depends-on', 'a1'], 'drop --depends-on'],
      [['submit', '--file', '-', '--on-dependency-failure', 'run'], 'drop --on-dependency-failure'],
    ];
    for (const [argv, said] of cases) {
      const run = await runSqsJobs(['--url', url, ...argv]);
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.stderr).toContain(said);
      expect(run.stderr.trimEnd().split('\n'), run.stderr).toHaveLength(1);
    }
    const tooMany = Array.from({ length: 501 }, (_, i) => `j${i}`).join(',');
    const many = await runSqsJobs(['--url', url, 'submit', 'report', '--depends-on', tooMany]);
    expect(many.code).toBe(2);
    expect(many.stderr).toContain('a job depends on at most 500 jobs');
    expect(requests).toHaveLength(0);
  });

  it('passes a jobs file line’s dependsOn (ids, or positions in the file) and onDependencyFailure on, never as payload', async () => {
    const { url, requests } = await api(({ method, url: path }) =>
      method === 'POST' && path === '/jobs/batch'
        ? accepted([
            { id: 'a', status: 'pending' },
            { id: 'b', status: 'waiting' },
            { id: 'c', status: 'waiting' },
          ])
        : undefined,
    );
    const lines = [
      '{"type":"resize","file":"a.png"}',
      '',
      '{"type":"report","dependsOn":[0,"old-1"],"onDependencyFailure":"run"}',
      '{"type":"email","to":"ada@example.com","dependsOn":[1]}',
    ];
    const run = await runSqsJobs(['--url', url, 'submit', '--file', '-'], { stdin: `${lines.join('\n')}\n` });
    expect(run).toEqual({ code: 0, stdout: 'a\nb\nc\n', stderr: '' });
    expect(JSON.parse(requests[0]?.body ?? '')).toEqual({
      jobs: [
        { type: 'resize', payload: { file: 'a.png' } },
        { type: 'report', payload: {}, dependsOn: [0, 'old-1'], onDependencyFailure: 'run' },
        { type: 'email', payload: { to: 'ada@example.com' }, dependsOn: [1] },
      ],
    });
  });

  it('says which line the API refused for its dependencies, in its words', async () => {
    const { url } = await api(({ method, url: path }) =>
      method === 'POST' && path === '/jobs/batch'
        ? {
            status: 200,
            body: {
              accepted: 1,
              rejected: 1,
              results: [
                { accepted: true, id: 'a', status: 'pending' },
                {
                  accepted: false,
                  error: {
                    code: 'ValidationError',
                    message: 'dependsOn: no job with id "gone".',
                    details: { field: 'dependsOn', dependency: 'gone', reason: 'unknown' },
                  },
                },
              ],
            },
          }
        : undefined,
    );
    const lines = ['{"type":"noop"}', '{"type":"noop","dependsOn":[0,"gone"]}'];
    const run = await runSqsJobs(['--url', url, 'submit', '--file', '-'], { stdin: `${lines.join('\n')}\n` });
    expect(run).toEqual({
      code: 3,
      stdout: 'a\n',
      stderr: [
        'sqs-jobs: stdin line 2: dependsOn: no job with id "gone" (ValidationError)',
        'sqs-jobs: 1 accepted, 1 refused',
        '',
      ].join('\n'),
    });
  });

  it('refuses a file of more than 500 jobs that names jobs by position, naming the line; ids are fine', async () => {
    const { url, requests } = await api(({ method, url: path, body }) => {
      if (method !== 'POST' || path !== '/jobs/batch') return undefined;
      const { jobs } = JSON.parse(body) as { jobs: unknown[] };
      return accepted(jobs.map((_, i) => ({ id: `j${i}`, status: 'pending' })));
    });
    const plain = Array.from({ length: 501 }, () => '{"type":"noop"}');
    const positional = plain.with(3, '{"type":"noop","dependsOn":["x",2]}');
    const refused = await runSqsJobs(['--url', url, 'submit', '--file', '-'], {
      stdin: `${positional.join('\n')}\n`,
    });
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe(
      'sqs-jobs: stdin line 4 names a job of the file by its position (dependsOn: 2), but the file holds 501 jobs and is sent 500 to a request, where positions count within each request; split it into files of up to 500 jobs, or name dependencies by id; nothing was submitted\n',
    );
    expect(requests).toHaveLength(0);
    const byId = plain.with(3, '{"type":"noop","dependsOn":["x"]}');
    const sent = await runSqsJobs(['--url', url, 'submit', '--file', '-'], { stdin: `${byId.join('\n')}\n` });
    expect(sent.code).toBe(0);
    expect(requests).toHaveLength(2);
  });

  it('--wait waits through waiting until the job ends; a wait that runs out says it was still waiting', async () => {
    let polls = 0;
    const { url } = await api(({ method, url: path }) => {
      if (method === 'POST') return { status: 202, body: { id: 'w1', status: 'waiting' } };
      if (path === '/jobs/w1/status') {
        polls += 1;
        return { status: 200, body: aJob('w1', polls < 3 ? 'waiting' : 'completed', { dependsOn: ['a1'] }) };
      }
      if (path === '/jobs/w1')
        return {
          status: 200,
          body: aJob('w1', 'completed', {
            dependsOn: ['a1'],
            onDependencyFailure: 'fail',
            dependencyOutcomes: { a1: 'completed' },
            dependenciesLeft: 0,
          }),
        };
      if (path.startsWith('/jobs/w2')) return { status: 200, body: aJob('w2', 'waiting') };
      return undefined;
    });
    const waited = await runSqsJobs(['--url', url, 'submit', 'report', '--depends-on', 'a1', '--wait']);
    expect(waited.code).toBe(0);
    expect(waited.stdout).toContain('status      completed\n');
    expect(waited.stdout).toContain('depends on  a1  completed\n');
    expect(polls).toBe(3);
    const slow = await runSqsJobs(['--url', url, 'wait', 'w2', '--timeout', '0.3']);
    expect(slow).toEqual({
      code: 124,
      stdout: '',
      stderr: 'sqs-jobs: job w2 did not finish within 0.3 s (last status: waiting); it goes on\n',
    });
  });

  it('shows in get what a job depends on and how each ended, its policy, and the jobs waiting for it', async () => {
    const waiting = aJob('d1', 'waiting', {
      attempts: 0,
      dependsOn: ['a1', 'bb22', 'c3'],
      onDependencyFailure: 'skip',
      dependencyOutcomes: { a1: 'completed' },
      dependenciesLeft: 2,
      dependents: ['e5'],
    });
    const failed = aJob('f1', 'failed', {
      attempts: 0,
      dependsOn: ['a1', 'bb22'],
      onDependencyFailure: 'fail',
      dependencyOutcomes: { bb22: 'failed' },
      dependenciesLeft: 1,
      error: { name: 'DependencyFailed', message: 'Dependency bb22 ended failed, so this job did not run.' },
    });
    const dependency = aJob('a1', 'completed', { dependents: ['d1', 'f1'] });
    const { url } = await api(({ url: path }) => {
      if (path === '/jobs/d1') return { status: 200, body: waiting };
      if (path === '/jobs/f1') return { status: 200, body: failed };
      if (path === '/jobs/a1') return { status: 200, body: dependency };
      if (path === '/jobs?status=waiting&limit=20')
        return { status: 200, body: { jobs: [waiting], nextCursor: null, limit: 20 } };
      if (path === '/jobs/d1/retry') return { status: 202, body: { id: 'd1', status: 'waiting' } };
      if (path === '/jobs/f1/retry') return { status: 202, body: { id: 'f1', status: 'failed' } };
      return undefined;
    });
    const shown = (await runSqsJobs(['--url', url, 'get', 'd1'])).stdout;
    expect(shown).toContain(
      [
        'status       waiting',
        'attempts     0/3',
        'priority     default',
        'depends on   a1    completed',
        '             bb22  waiting',
        '             c3    waiting',
        'waiting for  2 more dependencies',
        'policy       skip (a dependency failed or canceled cancels this job)',
        'dependents   e5',
        'created      2026-01-01T00:00:00Z',
      ].join('\n'),
    );
    const ended = (await runSqsJobs(['--url', url, 'get', 'f1'])).stdout;
    expect(ended).toContain(
      [
        'depends on  a1    not recorded',
        '            bb22  failed',
        'policy      fail (a dependency failed or canceled fails this job)',
        'created',
      ].join('\n'),
    );
    expect(ended).not.toContain('waiting for');
    expect(ended).toContain(
      'error       DependencyFailed: Dependency bb22 ended failed, so this job did not run.\n',
    );
    const parent = (await runSqsJobs(['--url', url, 'get', 'a1'])).stdout;
    expect(parent).toContain('dependents  d1\n            f1\ncreated');
    expect(parent).not.toContain('depends on');
    expect(parent).not.toContain('policy');
    const plain = (await runSqsJobs(['--url', url, 'get', 'd1', '--json'])).stdout;
    expect(JSON.parse(plain)).toEqual(waiting);
    expect((await runSqsJobs(['--url', url, 'list', '--status', 'waiting'])).stdout).toContain(
      'd1  email  waiting  0/3',
    );
    expect((await runSqsJobs(['--url', url, 'retry', 'd1'])).stdout).toBe(
      'd1: waiting (for its dependencies, then runs again from attempt 1)\n',
    );
    expect((await runSqsJobs(['--url', url, 'retry', 'f1'])).stdout).toBe(
      'f1: failed again at once, as a dependency ended failed or canceled (see sqs-jobs get f1)\n',
    );
  });
});

describe('sqs-jobs dev', () => {
  it('says so in one line when no cdk.json is found from the current folder up', async () => {
    const run = await runSqsJobs(['dev'], { cwd: '/' });
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'sqs-jobs: no cdk.json in / or any folder above it; run sqs-jobs dev inside a CDK app (the folder cdk synth runs in)\n',
    });
  });
});

describe('sqs-jobs schedules', () => {
  function aSchedule(name: string, extra: Partial<Schedule> = {}): Schedule {
    return {
      name,
      schedule: 'rate(1 hour)',
      type: 'cleanup',
      payload: {},
      nextRunAt: '2026-01-01T01:00:00.000Z',
      declared: false,
      createdAt: T,
      updatedAt: T,
      ...extra,
    };
  }
  const declared = aSchedule('cleanup-tmp', {
    declared: true,
    payload: { prefix: 'tmp/' },
    lastRunAt: T,
    lastJobId: 'j-1',
  });
  const digest = aSchedule('digest', {
    schedule: 'cron(0 9 ? * MON-FRI *)',
    timezone: 'Europe/Paris',
    type: 'email',
    payload: { to: 'team@example.com' },
    maxAttempts: 5,
    nextRunAt: '2026-01-05T08:00:00.000Z',
    lastRunAt: '2026-01-02T08:00:00.000Z',
    lastError: 'Invalid payload: to\x1b[2J',
  });
  const apiError = (status: number, code: string, message: string, details: Record<string, unknown>) => ({
    status,
    body: { error: { code, message, details } },
  });

  it('lists them as a table, with or without `list`, escape sequences removed; --json prints the API’s answer', async () => {
    const never = aSchedule('old', {
      schedule: 'cron(0 0 1 1 ? 2026)',
      nextRunAt: '9999-12-31T23:59:59.999Z',
    });
    const { url, requests } = await api(({ method, url: path }) =>
      method === 'GET' && path === '/schedules'
        ? { status: 200, body: { schedules: [declared, digest, never] } }
        : undefined,
    );
    const table = [
      'NAME         SCHEDULE                                 TYPE     DECLARED  NEXT RUN              LAST RUN              LAST JOB / ERROR',
      'cleanup-tmp  rate(1 hour)                             cleanup  yes       2026-01-01T01:00:00Z  2026-01-01T00:00:00Z  j-1',
      'digest       cron(0 9 ? * MON-FRI *) in Europe/Paris  email    no        2026-01-05T08:00:00Z  2026-01-02T08:00:00Z  error: Invalid payload: to',
      'old          cron(0 0 1 1 ? 2026)                     cleanup  no        never',
      '',
    ].join('\n');
    expect(await runSqsJobs(['--url', url, 'schedules'])).toEqual({ code: 0, stdout: table, stderr: '' });
    expect((await runSqsJobs(['--url', url, 'schedules', 'list'])).stdout).toBe(table);
    const json = await runSqsJobs(['--url', url, 'schedules', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ schedules: [declared, digest, never] });
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /schedules',
      'GET /schedules',
      'GET /schedules',
    ]);
    await server?.close();
    const none = await api(() => ({ status: 200, body: { schedules: [] } }));
    expect((await runSqsJobs(['--url', none.url, 'schedules'])).stdout).toBe('No schedules.\n');
  });

  it('shows one schedule, label and value a line', async () => {
    const { url, requests } = await api(({ url: path }) =>
      path === '/schedules/digest'
        ? { status: 200, body: digest }
        : path === '/schedules/cleanup-tmp'
          ? { status: 200, body: declared }
          : undefined,
    );
    expect(await runSqsJobs(['--url', url, 'schedules', 'get', 'digest'])).toEqual({
      code: 0,
      stdout: [
        'name          digest',
        'schedule      cron(0 9 ? * MON-FRI *)',
        'timezone      Europe/Paris',
        'type          email',
        'payload       {"to":"team@example.com"}',
        'max attempts  5',
        'declared      no',
        'next run      2026-01-05T08:00:00Z',
        'last run      2026-01-02T08:00:00Z',
        'last error    Invalid payload: to',
        'created       2026-01-01T00:00:00Z',
        'updated       2026-01-01T00:00:00Z',
        '',
      ].join('\n'),
      stderr: '',
    });
    const shown = (await runSqsJobs(['--url', url, 'schedules', 'get', 'cleanup-tmp'])).stdout;
    expect(shown).toContain('timezone  UTC\n');
    expect(shown).toContain('declared  yes (in the jobs module: only a deploy changes it)\n');
    expect(shown).toContain('last job  j-1\n');
    const json = await runSqsJobs(['--url', url, '--json', 'schedules', 'get', 'digest']);
    expect(JSON.parse(json.stdout)).toEqual(digest);
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /schedules/digest',
      'GET /schedules/cleanup-tmp',
      'GET /schedules/digest',
    ]);
  });

  it('sets one with PUT (the payload from --payload or stdin) and says created or replaced, and its next run', async () => {
    const { url, requests } = await api(({ method, url: path, body }, index) =>
      method === 'PUT' && path === '/schedules/digest'
        ? { status: index === 0 ? 201 : 200, body: { ...digest, ...(JSON.parse(body) as object) } }
        : undefined,
    );
    const created = await runSqsJobs([
      '--url',
      url,
      'schedules',
      'set',
      'digest',
      '--schedule',
      'cron(0 9 ? * MON-FRI *)',
      '--timezone',
      'Europe/Paris',
      '--type',
      'email',
      '--payload',
      '{"to":"team@example.com"}',
      '--max-attempts',
      '5',
    ]);
    expect(created).toEqual({
      code: 0,
      stdout: 'digest: created; next run 2026-01-05T08:00:00Z\n',
      stderr: '',
    });
    const replaced = await runSqsJobs(
      [
        '--url',
        url,
        'schedules',
        'set',
        'digest',
        '--schedule',
        'rate(15 minutes)',
        '--type',
        'email',
        '--payload',
        '-',
      ],
      { stdin: '{"to":"ops@example.com"}' },
    );
    expect(replaced.stdout).toBe('digest: replaced; next run 2026-01-05T08:00:00Z\n');
    const json = await runSqsJobs([
      '--url',
      url,
      '--json',
      'schedules',
      'set',
      'digest',
      '--schedule',
      'rate(1 day)',
      '--type',
      'noop',
    ]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ ...digest, schedule: 'rate(1 day)', type: 'noop' });
    expect(requests.map((r) => `${r.method} ${r.url} ${r.body}`)).toEqual([
      'PUT /schedules/digest {"schedule":"cron(0 9 ? * MON-FRI *)","timezone":"Europe/Paris","type":"email","payload":{"to":"team@example.com"},"maxAttempts":5}',
      'PUT /schedules/digest {"schedule":"rate(15 minutes)","type":"email","payload":{"to":"ops@example.com"}}',
      // No --payload: none sent, the API stores {}.
      'PUT /schedules/digest {"schedule":"rate(1 day)","type":"noop"}',
    ]);
  });

  it('sets a priority with --priority, lists a PRIORITY column only when one is not default, and gets it', async () => {
    const urgent = aSchedule('urgent', { type: 'check', priority: 'high' });
    const quiet = aSchedule('quiet', { priority: 'default' });
    let listed = 0;
    const { url, requests } = await api(({ method, url: path, body }) => {
      if (method === 'PUT' && path === '/schedules/urgent')
        return { status: 201, body: { ...urgent, ...(JSON.parse(body) as object) } };
      if (path === '/schedules/urgent') return { status: 200, body: urgent };
      if (path === '/schedules/cleanup-tmp') return { status: 200, body: declared };
      if (path === '/schedules')
        return { status: 200, body: { schedules: listed++ === 0 ? [declared, quiet, urgent] : [quiet] } };
      return undefined;
    });
    const set = ['schedules', 'set', 'urgent', '--schedule', 'rate(1 hour)', '--type', 'check'];
    expect((await runSqsJobs(['--url', url, ...set, '--priority', 'high'])).stdout).toBe(
      'urgent: created; next run 2026-01-01T01:00:00Z\n',
    );
    expect(requests[0]?.body).toBe('{"schedule":"rate(1 hour)","type":"check","priority":"high"}');
    // A schedule that sets none leaves it to the job type: a blank cell.
    expect((await runSqsJobs(['--url', url, 'schedules'])).stdout).toBe(
      [
        'NAME         SCHEDULE      TYPE     PRIORITY  DECLARED  NEXT RUN              LAST RUN              LAST JOB / ERROR',
        'cleanup-tmp  rate(1 hour)  cleanup            yes       2026-01-01T01:00:00Z  2026-01-01T00:00:00Z  j-1',
        'quiet        rate(1 hour)  cleanup  default   no        2026-01-01T01:00:00Z',
        'urgent       rate(1 hour)  check    high      no        2026-01-01T01:00:00Z',
        '',
      ].join('\n'),
    );
    expect((await runSqsJobs(['--url', url, 'schedules'])).stdout.split('\n')[0]).toBe(
      'NAME   SCHEDULE      TYPE     DECLARED  NEXT RUN              LAST RUN  LAST JOB / ERROR',
    );
    expect((await runSqsJobs(['--url', url, 'schedules', 'get', 'urgent'])).stdout).toContain(
      'payload   {}\npriority  high\ndeclared  no\n',
    );
    expect((await runSqsJobs(['--url', url, 'schedules', 'get', 'cleanup-tmp'])).stdout).not.toContain(
      'priority',
    );
  });

  it('deletes one, saying so (with --json, what was deleted: the API answers 204 without a body)', async () => {
    const { url, requests } = await api(({ method, url: path }) =>
      method === 'DELETE' && path === '/schedules/digest' ? { status: 204 } : undefined,
    );
    expect(await runSqsJobs(['--url', url, 'schedules', 'delete', 'digest'])).toEqual({
      code: 0,
      stdout: 'digest: deleted\n',
      stderr: '',
    });
    const json = await runSqsJobs(['--url', url, '--json', 'schedules', 'delete', 'digest']);
    expect(JSON.parse(json.stdout)).toEqual({ name: 'digest', deleted: true });
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'DELETE /schedules/digest',
      'DELETE /schedules/digest',
    ]);
  });

  it('exits 3 with the API’s words: a declared schedule (409), none of that name (404), a refused payload', async () => {
    const declaredMessage =
      'Schedule "cleanup-tmp" is declared in the jobs module (defineSchedules); change or remove it there and deploy.';
    const { url } = await api(({ method, url: path }) => {
      if (path === '/schedules/cleanup-tmp')
        return apiError(409, 'ScheduleDeclared', declaredMessage, { name: 'cleanup-tmp' });
      if (path === '/schedules/gone')
        return apiError(404, 'ScheduleNotFound', 'No schedule named "gone".', { name: 'gone' });
      if (method === 'PUT' && path === '/schedules/digest')
        return apiError(400, 'ValidationError', 'Invalid payload: to: Invalid email address', {
          issues: [{ field: 'payload.to', message: 'Invalid email address' }],
        });
      return undefined;
    });
    const set = ['schedules', 'set', 'cleanup-tmp', '--schedule', 'rate(2 hours)', '--type', 'cleanup'];
    const line = `sqs-jobs: ${declaredMessage.slice(0, -1)} (409 ScheduleDeclared)\n`;
    expect(await runSqsJobs(['--url', url, ...set])).toEqual({ code: 3, stdout: '', stderr: line });
    expect(await runSqsJobs(['--url', url, 'schedules', 'delete', 'cleanup-tmp'])).toEqual({
      code: 3,
      stdout: '',
      stderr: line,
    });
    const json = await runSqsJobs(['--url', url, '--json', ...set]);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stderr)).toEqual({
      error: {
        code: 'ScheduleDeclared',
        message: `${declaredMessage.slice(0, -1)} (409 ScheduleDeclared)`,
        details: { name: 'cleanup-tmp', status: 409 },
      },
    });
    expect((await runSqsJobs(['--url', url, 'schedules', 'get', 'gone'])).stderr).toBe(
      'sqs-jobs: No schedule named "gone" (404 ScheduleNotFound)\n',
    );
    const refused = await runSqsJobs([
      '--url',
      url,
      'schedules',
      'set',
      'digest',
      '--schedule',
      'rate(1 hour)',
      '--type',
      'email',
      '--payload',
      '{"to":"nope"}',
    ]);
    expect(refused).toEqual({
      code: 3,
      stdout: '',
      stderr: 'sqs-jobs: payload field "to": Invalid email address\n',
    });
  });
});
