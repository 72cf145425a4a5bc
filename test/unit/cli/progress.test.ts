import { afterEach, describe, expect, it } from 'vitest';
import type { Job } from '../../../src/core/job.ts';
import type { JobProgress } from '../../../src/core/progress.ts';
import { type ScriptedServer, startScriptedServer } from '../../helpers/scripted-http-server.ts';
import { runSqsJobs } from './run-cli.ts';

const at = (second: number) => `2026-01-01T00:00:${String(second).padStart(2, '0')}.000Z`;
const tenth: JobProgress = { percent: 10, message: 'slept 1000 of 10000 ms', at: at(2) };
const fourTenths: JobProgress = { percent: 40, message: 'slept 4000 of 10000 ms', at: at(5) };

const aJob = (status: Job['status'], progress?: JobProgress): Job => ({
  id: 'p1',
  type: 'sleep',
  payload: { ms: 10_000 },
  status,
  attempts: 1,
  maxAttempts: 3,
  createdAt: at(0),
  updatedAt: at(5),
  ...(progress ? { progress } : {}),
});

const servers: ScriptedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/**
 * A sleep job p1 that reports 10%, then 40%, then completes (its last report kept): each poll of
 * its status view sees the next step. `reports` replaces the two reports.
 */
async function sleepingJobApi(reports: readonly JobProgress[] = [tenth, fourTenths]): Promise<string> {
  let polls = 0;
  const server = await startScriptedServer(({ method, url }) => {
    if (method === 'POST' && url === '/jobs') return { status: 202, body: { id: 'p1', status: 'pending' } };
    if (url === '/jobs/p1/status') {
      polls += 1;
      const report = reports[Math.min(polls, reports.length) - 1];
      return { status: 200, body: aJob(polls > reports.length ? 'completed' : 'running', report) };
    }
    if (url === '/jobs/p1')
      return { status: 200, body: { ...aJob('completed', reports.at(-1)), result: { sleptMs: 10_004 } } };
    return { status: 404, body: { error: { code: 'NotFound', message: 'No route.', details: {} } } };
  });
  servers.push(server);
  return server.url;
}

describe('waiting for one job shows its progress', () => {
  it('submit --wait redraws `running 40% — message` after a bar on a terminal’s stderr, stdout keeping the job', async () => {
    const url = await sleepingJobApi();
    const run = await runSqsJobs(['--url', url, 'submit', 'sleep', '--payload', '{"ms":10000}', '--wait'], {
      stderrIsTTY: true,
    });
    expect(run.code).toBe(0);
    const tenthAt = run.stderr.indexOf('running 10% — slept 1000 of 10000 ms');
    const fourTenthsAt = run.stderr.indexOf('running 40% — slept 4000 of 10000 ms');
    expect(tenthAt).toBeGreaterThanOrEqual(0);
    expect(fourTenthsAt).toBeGreaterThan(tenthAt);
    // The bar before the words: 40 % of its 24 cells full.
    expect(run.stderr).toContain(`${'█'.repeat(10)}${'░'.repeat(14)} running 40%`);
    expect(run.stdout).toMatch(/^id {8}p1\ntype {6}sleep\nstatus {4}completed\nprogress {2}40% — slept 4000/);
  });

  it('wait <id> shows it too; piped or with --json, stderr stays empty', async () => {
    const onTerminal = await runSqsJobs(['--url', await sleepingJobApi(), 'wait', 'p1'], {
      stderrIsTTY: true,
    });
    expect(onTerminal.code).toBe(0);
    expect(onTerminal.stderr).toContain('running 40% — slept 4000 of 10000 ms');

    const piped = await runSqsJobs(['--url', await sleepingJobApi(), 'wait', 'p1']);
    expect(piped).toMatchObject({ code: 0, stderr: '' });
    const json = await runSqsJobs(['--url', await sleepingJobApi(), '--json', 'submit', 'sleep', '--wait'], {
      stderrIsTTY: true,
    });
    expect(json.code).toBe(0);
    expect(json.stderr).toBe('');
    expect(JSON.parse(json.stdout)).toMatchObject({ status: 'completed', progress: fourTenths });
  });

  it('prints a hostile message as inert text, and nothing for a job that reports no progress', async () => {
    const hostile = { percent: 50, message: 'half\x1b]0;pwned\x07\x1b[2J way\u202e', at: at(3) };
    const shown = await runSqsJobs(['--url', await sleepingJobApi([hostile]), 'wait', 'p1'], {
      stderrIsTTY: true,
    });
    expect(shown.stderr).toContain('running 50% — half way');
    expect(shown.stderr).not.toContain('pwned');
    expect(shown.stderr).not.toContain('\u202e');

    const silent = await runSqsJobs(['--url', await sleepingJobApi([]), 'wait', 'p1'], { stderrIsTTY: true });
    expect(silent).toMatchObject({ code: 0, stderr: '' });
  });
});

describe('sqs-jobs get shows progress', () => {
  it('as `progress  40% — message (at …)` under the status; --json passes it on as the API gave it', async () => {
    const url = await sleepingJobApi();
    const lines = (await runSqsJobs(['--url', url, 'get', 'p1'])).stdout.split('\n');
    expect(lines.slice(2, 5)).toEqual([
      'status    completed',
      'progress  40% — slept 4000 of 10000 ms (at 2026-01-01T00:00:05Z)',
      'attempts  1/3',
    ]);
    const json = await runSqsJobs(['--url', url, '--json', 'get', 'p1']);
    expect(JSON.parse(json.stdout).progress).toEqual(fourTenths);
  });
});
