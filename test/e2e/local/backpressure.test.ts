import { rmSync } from 'node:fs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { apiClient } from '../client.ts';
import { startRuntimeProcess } from '../local-runtime-process.ts';
import { getJobs, mapLimit, submit, tempStateDir, waitUntilIdle } from './harness.ts';

const stateDir = tempStateDir('backpressure');
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

describe.skipIf(!inject('embedded'))('backpressure', () => {
  it('answers 429 + Retry-After past maxBacklog; a producer that honours it gets all 100 jobs through', async () => {
    // One record per batch keeps two workers at ~6 sleep jobs/s, so the producer outruns them.
    const runtime = await startRuntimeProcess({
      stateDir,
      args: [
        '--context',
        'maxBacklog=20',
        '--context',
        'workerConcurrency=2',
        '--context',
        'workerBatchSize=1',
        '--context',
        'workerTimeoutSeconds=5',
      ],
      timeoutMs: 110_000,
    });
    try {
      const api = apiClient(runtime.apiUrl);
      const produce = (count: number, lanes: number) =>
        mapLimit(Array.from({ length: count }), lanes, () =>
          submit(api, { type: 'sleep', ms: 300 }, 180_000),
        );
      // The API reads the queue depth at most every 5 s while it is far below the limit, so a burst
      // shorter than that is never throttled: the producer first fills the queue, keeps going past
      // one reading, then pushes the rest as fast as it can.
      const first = await produce(30, 2);
      await new Promise((resolve) => setTimeout(resolve, 5_500));
      const rest = await produce(70, 4);
      const submissions = [...first, ...rest];
      const throttled = submissions.flatMap((s) => s.throttled);
      expect(throttled.length).toBeGreaterThan(0);
      expect(throttled[0]).toMatchObject({
        retryAfter: expect.stringMatching(/^\d+$/),
        body: { error: { code: 'Backpressure', message: expect.any(String) } },
      });
      expect(throttled.every((t) => t.code === 'Backpressure' && t.retryAfter !== null)).toBe(true);
      const ids = submissions.map((s) => s.id);
      expect(new Set(ids).size).toBe(100);
      await waitUntilIdle(api, 120_000);
      const jobs = await getJobs(api, ids);
      expect(jobs.map((job) => job.status)).toEqual(ids.map(() => 'completed'));
      console.log(`backpressure: ${throttled.length} answers 429 over 100 submissions`);
    } finally {
      await runtime.stop('SIGINT');
    }
  }, 300_000);
});
