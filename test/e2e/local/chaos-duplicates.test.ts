import { rmSync } from 'node:fs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { apiClient } from '../client.ts';
import { startRuntimeProcess } from '../local-runtime-process.ts';
import {
  attemptProblems,
  getJobs,
  mapLimit,
  runtimeEvents,
  submit,
  tempStateDir,
  waitUntilIdle,
} from './harness.ts';

const stateDir = tempStateDir('duplicates');
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

describe.skipIf(!inject('embedded'))('chaos: duplicate deliveries', () => {
  it('with --chaos duplicate=1 every message arrives twice, and each job still runs once', async () => {
    const runtime = await startRuntimeProcess({
      stateDir,
      args: ['--context', 'workerTimeoutSeconds=5', '--chaos', 'duplicate=1'],
      timeoutMs: 110_000,
    });
    try {
      expect(runtime.output()).toContain('Chaos: crash=0 duplicate=1 timeout=0 on worker');
      const api = apiClient(runtime.apiUrl);
      const ids = (await mapLimit(Array.from({ length: 50 }), 10, () => submit(api, { type: 'noop' }))).map(
        (s) => s.id,
      );
      const counts = await waitUntilIdle(api, 60_000);
      expect(counts).toMatchObject({ pending: 0, running: 0, completed: 50 });
      const jobs = await getJobs(api, ids);
      expect(jobs.map((job) => [job.status, job.attempts])).toEqual(ids.map(() => ['completed', 1]));
      // Each ran once: one claimed attempt, completed, in each job's history.
      expect(jobs.flatMap((job) => attemptProblems(job, 'completed'))).toEqual([]);
      const duplicates = runtimeEvents(stateDir).filter((e) => e.type === 'ChaosInjected');
      console.log(`duplicates injected: ${duplicates.length} for ${ids.length} jobs`);
      expect(duplicates.length).toBeGreaterThanOrEqual(50);
      expect(duplicates.every((e) => e.fault === 'duplicate')).toBe(true);
    } finally {
      expect(await runtime.stop('SIGINT')).toBe(0);
    }
  }, 200_000);
});
