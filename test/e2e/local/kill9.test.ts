import { rmSync } from 'node:fs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { apiClient } from '../client.ts';
import { startRuntimeProcess } from '../local-runtime-process.ts';
import {
  attemptProblems,
  countBy,
  history,
  mapLimit,
  submit,
  synthesizedVisibilityTimeout,
  tempStateDir,
  waitUntilTerminal,
} from './harness.ts';

const JOBS = 300;
/** The kill waits until at least this many jobs are running (several batches' worth of claims). */
const RUNNING_AT_KILL = 10;
const stateDir = tempStateDir('kill9');
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));
const args = ['--context', 'workerTimeoutSeconds=5'];

describe.skipIf(!inject('embedded'))('kill -9 of the runtime', () => {
  it(`${JOBS} sleep jobs survive a kill -9 mid-flight and a restart on the same state dir; each completes once`, async () => {
    const first = await startRuntimeProcess({ stateDir, args, timeoutMs: 110_000 });
    let killedAt = 0;
    let atKill: Record<string, number> = {};
    try {
      const api = apiClient(first.apiUrl);
      // Long enough that the jobs running at the kill are surely cut short by it.
      const body = { type: 'sleep', ms: 1_500 };
      const ids = (await mapLimit(Array.from({ length: JOBS }), 16, () => submit(api, body))).map(
        (s) => s.id,
      );
      // The kill lands with jobs running (their invocations cut short) and others still queued.
      const deadline = Date.now() + 60_000;
      do {
        atKill = (await api.get<Record<string, number>>('/status')).body;
      } while ((atKill.running ?? 0) < RUNNING_AT_KILL && (atKill.pending ?? 0) > 0 && Date.now() < deadline);
      killedAt = Date.now();
      await first.kill9();
      expect(atKill.running ?? 0).toBeGreaterThanOrEqual(RUNNING_AT_KILL);
      expect(atKill.pending ?? 0).toBeGreaterThan(0);

      const second = await startRuntimeProcess({ stateDir, args, timeoutMs: 110_000 });
      const restarted = Date.now();
      try {
        const again = apiClient(second.apiUrl);
        // The bound the README states, counted from the kill: a message comes back within the
        // queue's visibility timeout (a batch that had started, within its deadline + 15 s), and runs.
        const visibility = synthesizedVisibilityTimeout(stateDir) ?? 0;
        expect(visibility).toBe(30);
        const boundMs = (visibility + 30) * 1000;
        // The jobs themselves, not /status: dynalite writes a GSI entry and its item separately, so
        // a kill -9 of the emulator between the two can leave a stale byStatus entry behind (DynamoDB
        // itself maintains indexes for you). The job records are the truth.
        // Every job completes. How soon the backlog drains depends on the machine's load, not on
        // stranding, so this wait is generous; the bound is checked on the attempts the kill cut.
        const jobs = await waitUntilTerminal(again, ids, 240_000, 1_000);
        const doneMs = Date.now() - restarted;
        expect(
          jobs.filter((job) => job.status !== 'completed').map((job) => `${job.id} ${job.status}`),
          'not all completed',
        ).toEqual([]);
        // Each ran to completion once, by the attempt history each claim writes with the job.
        expect(jobs.flatMap((job) => attemptProblems(job, 'completed'))).toEqual([]);
        const cut = jobs.filter((job) => history(job).some((attempt) => !attempt.outcome));
        // The kill landed mid-run: attempts it cut short were taken over and run again.
        expect(cut.length).toBeGreaterThan(0);
        // Stranded no longer than the bound: each attempt the kill cut short was taken over by an
        // attempt that started within the bound of the kill (from the jobs' own attempt history).
        const takeoverMs = cut.map((job) => {
          const attempts = history(job);
          const next = attempts[attempts.findIndex((attempt) => !attempt.outcome) + 1];
          return next ? Date.parse(next.startedAt) - killedAt : Number.POSITIVE_INFINITY;
        });
        const latest = Math.max(...takeoverMs);
        expect(
          latest,
          `the last cut-short job was taken over ${latest} ms after the kill`,
        ).toBeLessThanOrEqual(boundMs);
        console.log(
          [
            `at the kill: ${JSON.stringify({ pending: atKill.pending, running: atKill.running, completed: atKill.completed })}`,
            `after restart: all ${JOBS} completed ${(doneMs / 1000).toFixed(1)} s after it (${((Date.now() - killedAt) / 1000).toFixed(1)} s after the kill)`,
            `cut-short attempts taken over at most ${(latest / 1000).toFixed(1)} s after the kill (bound ${boundMs / 1000} s)`,
            `attempts ${JSON.stringify(countBy(jobs, (job) => String(job.attempts)))}; cut short by the kill and run again: ${cut.length}`,
          ].join('\n'),
        );
      } finally {
        await second.stop('SIGINT');
      }
    } finally {
      await first.stop('SIGINT');
    }
  }, 300_000);
});
