import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { apiClient, isFinished } from '../client.ts';
import { startRuntimeProcess } from '../local-runtime-process.ts';

const stateDir = mkdtempSync(path.join(tmpdir(), 'sqs-jobs-scheduled-'));
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

/**
 * The horizon is shortened to 5 s (context scheduleHorizonSeconds), so a job 90 s ahead takes the
 * path a job 20 minutes ahead takes with the default: stored scheduled, queued by the sweeper.
 */
const args = ['--context', 'scheduleHorizonSeconds=5'];
const JSON_TYPE = { 'content-type': 'application/json' };

// Only the embedded runtime can be stopped and started by a test.
describe.skipIf(!inject('embedded'))('scheduled jobs across a restart of the embedded runtime', () => {
  it('keeps them scheduled, cancels one, and starts the other once, on time (not early, at most a minute late)', async () => {
    const first = await startRuntimeProcess({ stateDir, args });
    const api = apiClient(first.apiUrl);
    const farAt = new Date(Date.now() + 20 * 60_000).toISOString();
    const far = await api.post<{ id: string; status: string }>(
      '/jobs',
      JSON.stringify({ type: 'noop', runAt: farAt }),
      JSON_TYPE,
    );
    const soonAt = new Date(Date.now() + 90_000).toISOString();
    const soon = await api.post<{ id: string; status: string; runAt: string }>(
      '/jobs',
      JSON.stringify({ type: 'noop', runAt: soonAt }),
      JSON_TYPE,
    );
    expect([far.status, far.body.status, soon.status, soon.body.status]).toEqual([
      202,
      'scheduled',
      202,
      'scheduled',
    ]);
    // A recurring schedule made before the stop fires after the start, from what was stored.
    const tick = await api.request<{ nextRunAt: string }>('PUT', '/schedules/restart-tick', {
      body: JSON.stringify({ schedule: 'rate(1 minute)', type: 'noop' }),
      headers: JSON_TYPE,
    });
    expect(tick.status).toBe(201);
    expect(await first.stop('SIGINT')).toBe(0);

    const second = await startRuntimeProcess({ stateDir, args });
    try {
      const again = apiClient(second.apiUrl);
      expect((await again.get(`/jobs/${far.body.id}`)).body).toMatchObject({
        status: 'scheduled',
        runAt: farAt,
      });
      expect((await again.get(`/jobs/${soon.body.id}`)).body).toMatchObject({ status: 'scheduled' });
      const canceled = await again.post(`/jobs/${far.body.id}/cancel`, '');
      expect(canceled.body).toMatchObject({ status: 'canceled' });

      // The sweeper runs a minute after the start and queues the job, delayed to its runAt.
      const job = await again.waitForJob(soon.body.id, isFinished, 150_000);
      expect(job).toMatchObject({ status: 'completed', attempts: 1 });
      expect(job.history).toHaveLength(1);
      const late = Date.parse(String(job.startedAt)) - Date.parse(soon.body.runAt);
      expect(late).toBeGreaterThanOrEqual(0);
      expect(late).toBeLessThanOrEqual(60_000);
      expect((await again.get(`/jobs/${far.body.id}`)).body).toMatchObject({
        status: 'canceled',
        attempts: 0,
      });
      const schedule = (
        await again.get<{ lastRunAt?: string; lastJobId?: string }>('/schedules/restart-tick')
      ).body;
      // It fired from the stored next run, and kept its phase (whole minutes from it).
      const sinceFirst = Date.parse(String(schedule.lastRunAt)) - Date.parse(tick.body.nextRunAt);
      expect(sinceFirst).toBeGreaterThanOrEqual(0);
      expect(sinceFirst % 60_000).toBe(0);
      expect(await again.waitForJob(String(schedule.lastJobId), isFinished, 30_000)).toMatchObject({
        type: 'noop',
        status: 'completed',
      });
    } finally {
      await second.stop('SIGINT');
    }
  }, 240_000);
});
