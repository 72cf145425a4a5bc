import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, inject, it } from 'vitest';
import { apiClient } from './client.ts';

/** A handler's progress reports, read back over HTTP while the job runs. */
const api = apiClient(inject('apiUrl'));

interface Job {
  status: string;
  progress?: { percent: number; message?: string; at: string };
}

describe('progress', () => {
  it('shows a running sleep job’s progress at intermediate values, stored at most once a second', async () => {
    const res = await api.post<{ id: string }>('/jobs', JSON.stringify({ type: 'sleep', ms: 6_000 }));
    expect(res.status).toBe(202);
    const seen = new Map<string, Job['progress']>();
    let last: Job = { status: 'pending' };
    // Generous: on a loaded machine the job may wait for a worker; only what is seen decides.
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      last = (await api.get<Job>(`/jobs/${res.body.id}`)).body;
      if (last.status === 'completed' || last.status === 'failed') break;
      if (last.progress) seen.set(last.progress.at, last.progress);
      await sleep(100);
    }
    expect(last.status).toBe('completed');
    const reports = [...seen.values()].filter((p) => p !== undefined);
    const percents = reports.map((p) => p.percent);
    expect(new Set(percents).size).toBeGreaterThanOrEqual(3);
    expect(percents.every((p) => p > 0 && p < 100)).toBe(true);
    // Never going back, each with the handler's words.
    expect([...percents].sort((a, b) => a - b)).toEqual(percents);
    expect(reports[0]?.message).toMatch(/^slept \d+ of 6000 ms$/);
    // At most one stored a second: a 6 s job keeps at most 7 of its 9 reports.
    expect(reports.length).toBeLessThanOrEqual(7);
    const status = await api.get<Job>(`/jobs/${res.body.id}/status`);
    // The finished job keeps its last report: no less than the last one seen while it ran.
    expect(status.body.progress?.percent).toBeGreaterThanOrEqual(percents.at(-1) ?? 100);
  }, 80_000);
});
