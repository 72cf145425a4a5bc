import { rmSync } from 'node:fs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { apiClient } from '../client.ts';
import { startRuntimeProcess } from '../local-runtime-process.ts';
import {
  attemptProblems,
  countBy,
  getJobs,
  history,
  mapLimit,
  runtimeEvents,
  submit,
  synthesizedVisibilityTimeout,
  TERMINAL,
  tempStateDir,
  waitUntilIdle,
} from './harness.ts';

const JOBS = 1_000;
const stateDir = tempStateDir('chaos');
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

/** Mostly noop, every 10th a 50 ms sleep, every 100th designed to fail for good. */
function jobFor(i: number): { body: object; shouldFail: boolean } {
  if (i % 100 === 7) return { body: { type: 'flaky', failTimes: 9, maxAttempts: 2 }, shouldFail: true };
  if (i % 10 === 3) return { body: { type: 'sleep', ms: 50 }, shouldFail: false };
  return { body: { type: 'noop' }, shouldFail: false };
}

describe.skipIf(!inject('embedded'))('fault injection', () => {
  it(`${JOBS} jobs under --chaos crash=0.05,duplicate=0.1,timeout=0.02: none lost, none run twice`, async () => {
    const started = Date.now();
    const runtime = await startRuntimeProcess({
      stateDir,
      args: ['--context', 'workerTimeoutSeconds=5', '--chaos', 'crash=0.05,duplicate=0.1,timeout=0.02'],
      timeoutMs: 110_000,
    });
    try {
      expect(runtime.output()).toContain('Chaos: crash=0.05 duplicate=0.1 timeout=0.02 on worker');
      // Six times the worker's timeout; a batch whose worker crashed comes back sooner, 15 s after
      // its invocation's deadline (functions/worker/hold-batch.ts).
      expect(synthesizedVisibilityTimeout(stateDir)).toBe(30);
      const api = apiClient(runtime.apiUrl);
      const plan = Array.from({ length: JOBS }, (_, i) => jobFor(i));
      const submitted = Date.now();
      const ids = (await mapLimit(plan, 16, (job) => submit(api, job.body))).map((s) => s.id);
      const submitMs = Date.now() - submitted;

      const counts = await waitUntilIdle(api, 180_000);
      const drainedMs = Date.now() - submitted;
      const jobs = await getJobs(api, ids);
      const notTerminal = jobs.filter((job) => !TERMINAL.includes(job.status));
      expect(notTerminal.map((job) => `${job.id} ${job.status}`)).toEqual([]);
      expect(counts).toMatchObject({ pending: 0, running: 0 });

      const expected = plan.map((job) => (job.shouldFail ? 'failed' : 'completed'));
      const wrong = jobs
        .map((job, i) => ({ job, want: expected[i] }))
        .filter(({ job, want }) => job.status !== want)
        .map(
          ({ job, want }) =>
            `${job.id} ${job.type} is ${job.status} (${JSON.stringify(job.error)}), want ${want}`,
        );
      expect(wrong).toEqual([]);

      // "None ran twice", from the job records themselves (a log line can die with a killed
      // instance): each claim appends an attempt to the job's history in the same write that takes
      // the job, and the attempt's outcome write closes it. A completed job has exactly one attempt
      // that completed; a failed one none; every attempt was claimed, none by a duplicate delivery
      // while another attempt was running.
      const ranTwice = jobs.flatMap((job, i) => attemptProblems(job, expected[i] as string));
      expect(ranTwice).toEqual([]);
      const events = runtimeEvents(stateDir);
      const injected = countBy(
        events.filter((e) => e.type === 'ChaosInjected'),
        (e) => String(e.fault),
      );
      const crashed = events.filter((e) => e.type === 'WorkerCrashed').length;
      const restarted = events.filter((e) => e.type === 'WorkerRestarted').length;
      const retried = jobs.filter((job) => job.attempts > 1);
      console.log(
        [
          `${JOBS} jobs: submitted in ${(submitMs / 1000).toFixed(1)} s, all terminal after ${(drainedMs / 1000).toFixed(1)} s (test ${((Date.now() - started) / 1000).toFixed(1)} s)`,
          `statuses: ${JSON.stringify(countBy(jobs, (job) => job.status))}`,
          `injected: crash=${injected.crash ?? 0} timeout=${injected.timeout ?? 0} duplicate=${injected.duplicate ?? 0}`,
          `WorkerCrashed=${crashed} WorkerRestarted=${restarted}`,
          `attempts cut short by a crash or timeout (no outcome): ${jobs.reduce((n, job) => n + history(job).filter((a) => !a.outcome).length, 0)}`,
          `attempts > 1: ${retried.length} (${JSON.stringify(countBy(retried, (job) => `${job.type}:${job.attempts}`))})`,
        ].join('\n'),
      );
      expect((injected.crash ?? 0) + (injected.timeout ?? 0)).toBeGreaterThan(0);
      expect(injected.duplicate ?? 0).toBeGreaterThan(0);
    } finally {
      await runtime.stop('SIGINT');
    }
  }, 300_000);
});
