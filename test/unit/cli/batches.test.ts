import { afterEach, describe, expect, it } from 'vitest';
import type { BatchView } from '../../../src/client/index.ts';
import type { Job } from '../../../src/core/job.ts';
import type { JobStatus } from '../../../src/core/status.ts';
import {
  type ReceivedRequest,
  type ScriptedAnswer,
  type ScriptedServer,
  startScriptedServer,
} from '../../helpers/scripted-http-server.ts';
import { runSqsJobs } from './run-cli.ts';

const T = '2026-01-01T00:00:00.000Z';

function aJob(id: string, status: JobStatus, extra: Partial<Job> = {}): Job {
  return {
    id,
    type: 'resize',
    payload: {},
    status,
    attempts: status === 'pending' || status === 'waiting' ? 0 : 1,
    maxAttempts: 3,
    createdAt: T,
    updatedAt: '2026-01-01T00:00:02.345Z',
    ...extra,
  };
}

function aBatchView(extra: Partial<BatchView> = {}): BatchView {
  return {
    id: 'bt-1',
    createdAt: T,
    jobIds: ['j1', 'j2', 'j3'],
    callbackJobId: 'cb-1',
    total: 3,
    counts: { waiting: 0, scheduled: 0, pending: 0, running: 1, completed: 1, failed: 1, canceled: 0 },
    finished: 2,
    progress: 2 / 3,
    jobs: [
      { id: 'j1', type: 'resize', status: 'completed' },
      { id: 'j2', type: 'resize', status: 'failed' },
      { id: 'j3', type: 'resize', status: 'running' },
    ],
    onComplete: { id: 'cb-1', type: 'email', status: 'waiting' },
    ...extra,
  };
}

const notFound = {
  status: 404,
  body: { error: { code: 'BatchNotFound', message: 'No batch with id "nope".', details: { id: 'nope' } } },
};

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The API on a free port; `answer` gets each request, `undefined` means 404 NotFound. */
async function api(answer: (request: ReceivedRequest) => ScriptedAnswer | undefined) {
  server = await startScriptedServer(
    (request) =>
      answer(request) ?? {
        status: 404,
        body: { error: { code: 'NotFound', message: 'No route.', details: {} } },
      },
  );
  return server;
}

/**
 * POST /jobs/batch accepts every job as j1, j2… (with a batch id when asked for a batch); each job
 * is answered as ending in `jobStatus`, the callback cb-1 in `callbackStatus`.
 */
async function batchApi(
  options: { jobStatus?: (id: string) => JobStatus; callbackStatus?: JobStatus; batchId?: string } = {},
) {
  return api(({ method, url, body }) => {
    if (method === 'POST' && url === '/jobs/batch') {
      const { jobs, batch } = JSON.parse(body) as { jobs: unknown[]; batch?: unknown };
      return {
        status: 200,
        body: {
          accepted: jobs.length,
          rejected: 0,
          results: jobs.map((_, i) => ({ accepted: true, id: `j${i + 1}`, status: 'pending' })),
          ...(batch === undefined ? {} : { batchId: options.batchId ?? 'bt-1' }),
        },
      };
    }
    if (method === 'GET' && url === '/batches/bt-1') return { status: 200, body: aBatchView() };
    const match = /^\/jobs\/([\w-]+)(\/status)?$/.exec(url);
    if (method === 'GET' && match) {
      const id = match[1] as string;
      if (id === 'cb-1')
        return {
          status: 200,
          body: aJob('cb-1', options.callbackStatus ?? 'completed', {
            type: 'email',
            ...(options.callbackStatus === 'failed'
              ? { error: { name: 'Error', message: 'smtp down', permanent: true } }
              : {}),
          }),
        };
      return { status: 200, body: aJob(id, options.jobStatus?.(id) ?? 'completed') };
    }
    return undefined;
  });
}

const FILE = '{"type":"resize","file":"a.png"}\n{"type":"resize","file":"b.png"}\n';

describe('sqs-jobs submit --file --batch', () => {
  it('sends the file as one batch and prints the batch id after the job ids; --json passes batchId on', async () => {
    const { url, requests } = await batchApi();
    const run = await runSqsJobs(['--url', url, 'submit', '--file', '-', '--batch'], { stdin: FILE });
    expect(run).toEqual({ code: 0, stdout: 'j1\nj2\nbatch bt-1\n', stderr: '' });
    expect(JSON.parse(requests[0]?.body ?? '')).toEqual({
      jobs: [
        { type: 'resize', payload: { file: 'a.png' } },
        { type: 'resize', payload: { file: 'b.png' } },
      ],
      batch: {},
    });
    const json = await runSqsJobs(['--url', url, '--json', 'submit', '--file', '-', '--batch'], {
      stdin: FILE,
    });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ accepted: 2, rejected: 0, batchId: 'bt-1' });
    // Without --batch, no batch is asked for, and none printed.
    const plain = await runSqsJobs(['--url', url, 'submit', '--file', '-'], { stdin: FILE });
    expect(plain.stdout).toBe('j1\nj2\n');
    expect(JSON.parse(requests[2]?.body ?? '')).not.toHaveProperty('batch');
  });

  it('sends --on-complete as batch.onComplete (implying --batch), its payload given or flat', async () => {
    const { url, requests } = await batchApi();
    const given = await runSqsJobs(
      [
        '--url',
        url,
        'submit',
        '--file',
        '-',
        '--on-complete',
        '{"type":"email","payload":{"to":"ada@example.com"},"maxAttempts":5,"priority":"high"}',
      ],
      { stdin: FILE },
    );
    expect(given).toEqual({ code: 0, stdout: 'j1\nj2\nbatch bt-1\n', stderr: '' });
    const flat = await runSqsJobs(
      [
        '--url',
        url,
        'submit',
        '--file',
        '-',
        '--batch',
        '--on-complete',
        '{"type":"email","to":"bob@example.com"}',
      ],
      { stdin: FILE },
    );
    expect(flat.code).toBe(0);
    expect(requests.map((request) => (JSON.parse(request.body) as { batch: unknown }).batch)).toEqual([
      {
        onComplete: { type: 'email', payload: { to: 'ada@example.com' }, maxAttempts: 5, priority: 'high' },
      },
      { onComplete: { type: 'email', payload: { to: 'bob@example.com' } } },
    ]);
  });

  it('says so on stderr when no job was accepted, so no batch was made', async () => {
    const { url } = await api(({ method, url: path }) =>
      method === 'POST' && path === '/jobs/batch'
        ? {
            status: 200,
            body: {
              accepted: 0,
              rejected: 1,
              results: [
                {
                  accepted: false,
                  error: {
                    code: 'UnknownJobType',
                    message: 'Unknown job type "rezise".',
                    details: { type: 'rezise', knownTypes: ['email', 'resize'] },
                  },
                },
              ],
            },
          }
        : undefined,
    );
    const run = await runSqsJobs(
      ['--url', url, 'submit', '--file', '-', '--on-complete', '{"type":"email"}'],
      { stdin: '{"type":"rezise"}\n' },
    );
    expect(run).toEqual({
      code: 3,
      stdout: '',
      stderr: [
        'sqs-jobs: stdin line 1: unknown job type "rezise"; known types: email, resize',
        'sqs-jobs: 0 accepted, 1 refused',
        'sqs-jobs: no job was accepted, so no batch was made (and no callback)',
        '',
      ].join('\n'),
    });
  });

  it('refuses what cannot be sent as a batch before sending anything (exit 2)', async () => {
    const { url, requests } = await batchApi();
    const tooMany = `${'{"type":"noop"}\n'.repeat(501)}`;
    const cases: [string[], string, string][] = [
      [
        ['submit', 'noop', '--batch'],
        FILE,
        'sqs-jobs: --batch submits the jobs of a file as one batch; add --file <path>',
      ],
      [
        ['submit', 'noop', '--on-complete', '{"type":"email"}'],
        FILE,
        'sqs-jobs: --on-complete submits the jobs of a file as one batch; add --file <path>',
      ],
      [
        ['submit', '--file', '-', '--on-complete', '{"type":'],
        FILE,
        'sqs-jobs: --on-complete is not valid JSON (',
      ],
      [
        ['submit', '--file', '-', '--on-complete', '["email"]'],
        FILE,
        'sqs-jobs: --on-complete must be a JSON object',
      ],
      [
        ['submit', '--file', '-', '--on-complete', '"email"'],
        FILE,
        'sqs-jobs: --on-complete must be a JSON object',
      ],
      [['submit', '--file', '-', '--on-complete', ''], FILE, 'sqs-jobs: --on-complete is empty'],
      [
        ['submit', '--file', '-', '--on-complete', '{"payload":{}}'],
        FILE,
        'sqs-jobs: --on-complete has no "type"',
      ],
      [
        ['submit', '--file', '-', '--on-complete', '{"type":"email","payload":{},"to":"x"}'],
        FILE,
        'has the payload both in "payload" and as top-level fields (to)',
      ],
      [
        [
          'submit',
          '--file',
          '-',
          '--on-complete',
          '{"type":"email","runAt":"2026-12-01T09:30:00Z","dependsOn":[0]}',
        ],
        FILE,
        "sqs-jobs: --on-complete runs once the batch's jobs have all ended, so it takes no runAt, dependsOn; drop them",
      ],
      [
        ['submit', '--file', '-', '--batch'],
        tooMany,
        'sqs-jobs: --batch sends the file as one batch, in one request of at most 500 jobs, but stdin holds 501',
      ],
      [
        ['submit', '--file', '-', '--on-complete', '{"type":"email"}'],
        tooMany,
        'sqs-jobs: --on-complete sends the file as one batch, in one request of at most 500 jobs',
      ],
    ];
    for (const [argv, stdin, said] of cases) {
      const run = await runSqsJobs(['--url', url, ...argv], { stdin });
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(said);
      expect(run.stderr.trimEnd().split('\n'), run.stderr).toHaveLength(1);
    }
    expect(requests).toHaveLength(0);
  });
});

describe('sqs-jobs submit --file --batch --wait', () => {
  it('waits for the jobs, then the callback, and prints them, the batch id and the callback’s status', async () => {
    const { url, requests } = await batchApi();
    const run = await runSqsJobs(
      ['--url', url, 'submit', '--file', '-', '--on-complete', '{"type":"email"}', '--wait'],
      {
        stdin: FILE,
      },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').slice(-5)).toEqual([
      '',
      '2 jobs: 2 completed',
      'batch bt-1',
      'callback cb-1 (email): completed',
      '',
    ]);
    expect(run.stdout).toMatch(/^ID {2}TYPE {4}STATUS {5}ATTEMPTS/);
    expect(requests.some((request) => request.url === '/batches/bt-1')).toBe(true);
  });

  it('exits 1 when the callback failed (its error shown), and prints {batchId, jobs, onComplete} with --json', async () => {
    const { url } = await batchApi({ callbackStatus: 'failed' });
    const run = await runSqsJobs(
      ['--url', url, 'submit', '--file', '-', '--on-complete', '{"type":"email"}', '--wait'],
      {
        stdin: FILE,
      },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('\ncallback cb-1 (email): failed — Error: smtp down (permanent)\n');
    const json = await runSqsJobs(
      ['--url', url, '--json', 'submit', '--file', '-', '--on-complete', '{"type":"email"}', '--wait'],
      { stdin: FILE },
    );
    expect(json.code).toBe(1);
    const answer = JSON.parse(json.stdout) as { batchId: string; jobs: Job[]; onComplete: Job };
    expect(answer.batchId).toBe('bt-1');
    expect(answer.jobs.map((job) => [job.id, job.status])).toEqual([
      ['j1', 'completed'],
      ['j2', 'completed'],
    ]);
    expect(answer.onComplete).toMatchObject({ id: 'cb-1', status: 'failed' });
  });

  it('exits 1 when a job of the batch did not complete, the callback completed or not', async () => {
    const { url } = await batchApi({ jobStatus: (id) => (id === 'j2' ? 'failed' : 'completed') });
    const run = await runSqsJobs(['--url', url, 'submit', '--file', '-', '--batch', '--wait'], {
      stdin: FILE,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('\n2 jobs: 1 completed, 1 failed\nbatch bt-1\n');
    // --batch alone: no callback to wait for, nor the batch to read.
    expect(run.stdout).not.toContain('callback');
  });

  it('exits 124 when the callback does not finish in time, after printing the batch’s jobs', async () => {
    const { url } = await batchApi({ callbackStatus: 'waiting' });
    const run = await runSqsJobs(
      [
        '--url',
        url,
        'submit',
        '--file',
        '-',
        '--on-complete',
        '{"type":"email"}',
        '--wait',
        '--timeout',
        '0.3',
      ],
      { stdin: FILE },
    );
    expect(run.code).toBe(124);
    expect(run.stdout).toContain('\n2 jobs: 2 completed\nbatch bt-1\n');
    expect(run.stderr).toMatch(
      /^sqs-jobs: the batch's jobs have ended, but its callback cb-1 did not finish within 0\.3 s \(last status: (waiting|unknown)\); it goes on\n$/,
    );
  });
});

describe('sqs-jobs batches, batch, cancel-batch', () => {
  it('lists the newest batches as a table; --json prints the API’s answer', async () => {
    const batches = [
      { id: 'bt-2', createdAt: '2026-01-02T10:00:00.123Z', total: 1200, callbackJobId: 'cb-2' },
      { id: 'bt-1', createdAt: T, total: 3 },
    ];
    const { url, requests } = await api(({ method, url: path }) =>
      method === 'GET' && path === '/batches' ? { status: 200, body: { batches } } : undefined,
    );
    expect(await runSqsJobs(['--url', url, 'batches'])).toEqual({
      code: 0,
      stdout: [
        'ID    CREATED               TOTAL  CALLBACK',
        'bt-2  2026-01-02T10:00:00Z  1,200  cb-2',
        'bt-1  2026-01-01T00:00:00Z  3',
        '',
      ].join('\n'),
      stderr: '',
    });
    const json = await runSqsJobs(['--url', url, '--json', 'batches']);
    expect(JSON.parse(json.stdout)).toEqual({ batches });
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /batches', 'GET /batches']);
    await server?.close();
    const none = await api(() => ({ status: 200, body: { batches: [] } }));
    expect((await runSqsJobs(['--url', none.url, 'batches'])).stdout).toBe('No batches.\n');
  });

  it('shows a batch: total, finished with the percent, counts not zero, the callback, its jobs', async () => {
    const { url, requests } = await api(({ method, url: path }) =>
      method === 'GET' && path === '/batches/bt-1' ? { status: 200, body: aBatchView() } : undefined,
    );
    const run = await runSqsJobs(['--url', url, 'batch', 'bt-1']);
    expect(run).toEqual({
      code: 0,
      stdout: [
        'id        bt-1',
        'created   2026-01-01T00:00:00Z',
        'total     3',
        'finished  2/3 (66%)',
        'counts    1 running, 1 completed, 1 failed',
        'callback  cb-1 (email): waiting',
        '',
        'jobs',
        '  ID  TYPE    STATUS',
        '  j1  resize  completed',
        '  j2  resize  failed',
        '  j3  resize  running',
        '',
      ].join('\n'),
      stderr: '',
    });
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /batches/bt-1']);
    const json = await runSqsJobs(['--url', url, '--json', 'batch', 'bt-1']);
    expect(JSON.parse(json.stdout)).toEqual(aBatchView());
  });

  it('lists the first 50 jobs and says how many more, or all of them with --all', async () => {
    const jobs = Array.from({ length: 53 }, (_, i) => ({
      id: `j${String(i + 1).padStart(2, '0')}`,
      type: 'noop',
      status: 'completed' as const,
    }));
    const view = aBatchView({
      jobIds: jobs.map((job) => job.id),
      total: 53,
      counts: { waiting: 0, scheduled: 0, pending: 0, running: 0, completed: 53, failed: 0, canceled: 0 },
      finished: 53,
      progress: 1,
      jobs,
      callbackJobId: undefined,
      onComplete: undefined,
    });
    const { url } = await api(({ url: path }) =>
      path === '/batches/bt-1' ? { status: 200, body: view } : undefined,
    );
    const lines = (await runSqsJobs(['--url', url, 'batch', 'bt-1'])).stdout.trimEnd().split('\n');
    expect(lines.slice(0, 5)).toEqual([
      'id        bt-1',
      'created   2026-01-01T00:00:00Z',
      'total     53',
      'finished  53/53 (100%)',
      'counts    53 completed',
    ]);
    expect(lines.filter((line) => /^ {2}j\d\d/.test(line))).toHaveLength(50);
    expect(lines.at(-1)).toBe('  … and 3 more (--all lists them)');
    const all = (await runSqsJobs(['--url', url, 'batch', 'bt-1', '--all'])).stdout.trimEnd().split('\n');
    expect(all.filter((line) => /^ {2}j\d\d/.test(line))).toHaveLength(53);
    expect(all.at(-1)).toBe('  j53  noop  completed');
  });

  it('cancels a batch with POST /batches/{id}/cancel and prints the counts', async () => {
    const { url, requests } = await api(({ method, url: path }) =>
      method === 'POST' && path === '/batches/bt-1/cancel'
        ? { status: 202, body: { id: 'bt-1', canceled: 3, stopping: 1, finished: 2 } }
        : undefined,
    );
    expect(await runSqsJobs(['--url', url, 'cancel-batch', 'bt-1'])).toEqual({
      code: 0,
      stdout:
        'bt-1: 3 canceled, 1 stopping (at the next heartbeat, within 5 s), 2 finished already; a callback still runs once all have ended\n',
      stderr: '',
    });
    const json = await runSqsJobs(['--url', url, '--json', 'cancel-batch', 'bt-1']);
    expect(JSON.parse(json.stdout)).toEqual({ id: 'bt-1', canceled: 3, stopping: 1, finished: 2 });
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /batches/bt-1/cancel',
      'POST /batches/bt-1/cancel',
    ]);
  });

  it('exits 3 with the API’s words for an unknown batch, and 2 for a missing id', async () => {
    const { url, requests } = await api(({ url: path }) =>
      path.startsWith('/batches/nope') ? notFound : undefined,
    );
    expect(await runSqsJobs(['--url', url, 'batch', 'nope'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'sqs-jobs: No batch with id "nope" (404 BatchNotFound)\n',
    });
    expect((await runSqsJobs(['--url', url, 'cancel-batch', 'nope'])).stderr).toBe(
      'sqs-jobs: No batch with id "nope" (404 BatchNotFound)\n',
    );
    const json = await runSqsJobs(['--url', url, '--json', 'batch', 'nope']);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stderr)).toMatchObject({ error: { code: 'BatchNotFound' } });
    expect(requests).toHaveLength(3);
    for (const argv of [['batch'], ['cancel-batch'], ['batches', 'bt-1']]) {
      const run = await runSqsJobs(['--url', url, ...argv]);
      expect(run.code, argv.join(' ')).toBe(2);
    }
    expect(requests).toHaveLength(3);
  });
});
