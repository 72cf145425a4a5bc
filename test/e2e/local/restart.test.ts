import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { apiClient, isFinished } from '../client.ts';
import { startRuntimeProcess } from '../local-runtime-process.ts';

const stateDir = mkdtempSync(path.join(tmpdir(), 'sqs-jobs-restart-'));
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

// Only the embedded runtime can be stopped and started by a test.
describe.skipIf(!inject('embedded'))('embedded runtime restart', () => {
  it('keeps queued jobs across a stop and completes them after the next start', async () => {
    const first = await startRuntimeProcess({ stateDir });
    const api = apiClient(first.apiUrl);
    const ids: string[] = [];
    // More 5 s jobs than the workers hold at once (4 instances × batches of 10), so some are still
    // queued when the stop comes; the stop drains only those already delivered.
    for (let i = 0; i < 60; i++) {
      const res = await api.post<{ id: string }>('/jobs', JSON.stringify({ type: 'sleep', ms: 5_000 }));
      expect(res.status).toBe(202);
      ids.push(res.body.id);
    }
    expect(await first.stop('SIGINT')).toBe(0);

    const second = await startRuntimeProcess({ stateDir });
    try {
      const again = apiClient(second.apiUrl);
      const pendingAfterRestart = (await again.get<Record<string, number>>('/status')).body.pending;
      expect(pendingAfterRestart).toBeGreaterThan(0);
      const jobs = await Promise.all(ids.map((id) => again.waitForJob(id, isFinished, 60_000)));
      expect(jobs.map((j) => j.status)).toEqual(ids.map(() => 'completed'));
      expect(jobs.every((j) => j.attempts === 1)).toBe(true);
    } finally {
      await second.stop('SIGINT');
    }
  }, 120_000);
});
