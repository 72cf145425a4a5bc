import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { sqsJobs } from './cli-process.ts';

const url = inject('apiUrl');
/** Against the stack under test; the key, when keys are checked, comes from SQS_JOBS_API_KEY. */
const cli = (...args: string[]) => sqsJobs(['--url', url, ...args]);

describe('the sqs-jobs command line against a running stack', () => {
  let emailId = '';

  it('submit --wait prints the finished job and exits 0', async () => {
    const run = await cli(
      'submit',
      'email',
      '--payload',
      '{"to":"bob@example.com"}',
      '--wait',
      '--timeout',
      '60',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^status +completed$/m);
    expect(run.stdout).toMatch(/^type +email$/m);
    emailId = /^id +(\S+)$/m.exec(run.stdout)?.[1] ?? '';
    expect(run.stdout).toContain(`"key":"outbox/${emailId}.eml"`);
  }, 90_000);

  it('--json prints one JSON document: the finished job as the API answers it', async () => {
    const run = await cli('--json', 'submit', 'noop', '--wait', '--timeout', '60');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ type: 'noop', status: 'completed', result: { ok: true } });
  }, 90_000);

  it('a payload the API refuses prints the field in one line and exits non-zero', async () => {
    const run = await cli('submit', 'email', '--payload', '{"to":"nope"}');
    expect(run).toMatchObject({
      code: 3,
      stdout: '',
      stderr: 'sqs-jobs: payload field "to": Invalid email address\n',
    });
  });

  it('submit --file sends an NDJSON file as batches: refusals name their line, the rest complete', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sqs-jobs-file-'));
    const file = path.join(dir, 'jobs.ndjson');
    writeFileSync(
      file,
      [
        '{"type":"noop"}',
        '',
        '{"type":"sleep","payload":{"ms":5},"maxAttempts":1}',
        '{"type":"email","to":"not an address"}',
        '{"type":"email","to":"ada@example.com"}',
      ].join('\n'),
    );
    try {
      const run = await cli('--json', 'submit', '--file', file, '--wait', '--timeout', '60');
      expect(run.code).toBe(3);
      expect(run.stderr).toContain(`${file} line 4: payload field "to"`);
      expect(run.stderr).toContain('3 accepted, 1 refused');
      const finished = JSON.parse(run.stdout) as { type: string; status: string }[];
      expect(finished.map((job) => [job.type, job.status])).toEqual([
        ['noop', 'completed'],
        ['sleep', 'completed'],
        ['email', 'completed'],
      ]);

      // A line that is not JSON stops it before anything is sent.
      writeFileSync(file, '{"type":"noop"}\n{"type":\n');
      const broken = await cli('submit', '--file', file);
      expect(broken).toMatchObject({ code: 2, stdout: '' });
      expect(broken.stderr).toMatch(/line 2 is not valid JSON .*nothing was submitted/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('an unreachable URL says so and exits non-zero', async () => {
    const blocked = await sqsJobs(['--url', 'http://127.0.0.1:9', 'status']);
    expect(blocked.code).toBe(3);
    expect(blocked.stderr).toMatch(/^sqs-jobs: cannot reach http:\/\/127\.0\.0\.1:9 \(.+\)\n$/);
    // A port nothing listens on: a free port, closed again.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = server.address() as { port: number };
        server.close(() => resolve(free));
      });
    });
    const refused = await sqsJobs(['--url', `http://127.0.0.1:${port}`, 'list']);
    expect(refused).toMatchObject({
      code: 3,
      stderr: `sqs-jobs: cannot reach http://127.0.0.1:${port} (connection refused)\n`,
    });
  });

  it('list --status completed --json parses, and holds the job submitted above', async () => {
    const run = await cli('list', '--status', 'completed', '--type', 'email', '--limit', '100', '--json');
    expect(run.code).toBe(0);
    const jobs = JSON.parse(run.stdout) as { id: string; status: string }[];
    expect(jobs.every((job) => job.status === 'completed')).toBe(true);
    expect(jobs.map((job) => job.id)).toContain(emailId);
  });

  it('status prints the counts aligned', async () => {
    const run = await cli('status');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^waiting {7}\d+\nscheduled {5}\d+\npending {7}\d+\nrunning {7}\d+\ncompleted {5}\d+\n/,
    );
  });
});
