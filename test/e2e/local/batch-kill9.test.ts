import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { apiClient } from '../client.ts';
import { startRuntimeProcess } from '../local-runtime-process.ts';
import { tempStateDir, waitUntilTerminal } from './harness.ts';

const stateDir = tempStateDir('batch-kill9');
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));
const args = ['--context', 'workerTimeoutSeconds=5'];

interface BatchView {
  total: number;
  finished: number;
  jobIds: string[];
  callbackJobId?: string;
  onComplete?: { status: string };
}

describe.skipIf(!inject('embedded'))('a batch’s callback across kill -9', () => {
  it('runs exactly once when the runtime is killed -9 during the batch’s last jobs and restarted', async () => {
    const first = await startRuntimeProcess({ stateDir, args, timeoutMs: 110_000 });
    let batchId = '';
    try {
      const api = apiClient(first.apiUrl);
      const jobs = Array.from({ length: 50 }, () => ({ type: 'sleep', payload: { ms: 1_200 } }));
      const res = await api.post<{ accepted: number; batchId: string }>(
        '/jobs/batch',
        JSON.stringify({ jobs, batch: { onComplete: { type: 'noop' } } }),
        { 'content-type': 'application/json' },
      );
      expect(res.body.accepted).toBe(50);
      batchId = res.body.batchId;
      // The kill lands during the last jobs: most have finished, some are still running.
      const deadline = Date.now() + 120_000;
      let batch: BatchView;
      do {
        await sleep(100);
        batch = (await api.get<BatchView>(`/batches/${batchId}`)).body;
      } while (batch.finished < 40 && Date.now() < deadline);
      expect(batch.finished).toBeGreaterThanOrEqual(40);
      expect(batch.finished).toBeLessThan(50);
    } finally {
      await first.kill9();
    }

    const second = await startRuntimeProcess({ stateDir, args, timeoutMs: 110_000 });
    try {
      const api = apiClient(second.apiUrl);
      const batch = (await api.get<BatchView>(`/batches/${batchId}`)).body;
      // Every job ends (those cut short run again), then the callback, once: a tell lost with the
      // killed worker is recovered by the sweeper's check of jobs waiting over 2 minutes.
      const members = await waitUntilTerminal(api, batch.jobIds, 240_000, 1_000);
      expect(members.map((job) => job.status)).toEqual(batch.jobIds.map(() => 'completed'));
      const [callback] = await waitUntilTerminal(api, [batch.callbackJobId ?? ''], 300_000, 1_000);
      expect(callback).toMatchObject({ status: 'completed', attempts: 1 });
      expect(callback?.history).toHaveLength(1);
      const lastMember = Math.max(...members.map((job) => Date.parse(String(job.finishedAt))));
      expect(Date.parse(String(callback?.startedAt))).toBeGreaterThanOrEqual(lastMember);
      // Still once, a while later (no second release, no second delivery run).
      await sleep(5_000);
      expect((await api.get<{ attempts: number }>(`/jobs/${callback?.id}`)).body.attempts).toBe(1);
    } finally {
      await second.stop();
    }
  }, 600_000);
});
