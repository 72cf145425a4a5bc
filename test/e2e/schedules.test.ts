import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { apiClient, isFinished } from './client.ts';

/** Recurring schedules over HTTP: declared and run-time ones, a firing that runs a job, refusals. */
const api = apiClient(inject('apiUrl'));
const JSON_TYPE = { 'content-type': 'application/json' };

type Schedule = {
  name: string;
  schedule: string;
  type: string;
  nextRunAt: string;
  lastRunAt?: string;
  lastJobId?: string;
  lastError?: string;
  declared: boolean;
};
type ErrorAnswer = { error: { code: string; message: string; details: Record<string, unknown> } };

const put = (name: string, body: object) =>
  api.request<Schedule & ErrorAnswer>('PUT', `/schedules/${encodeURIComponent(name)}`, {
    body: JSON.stringify(body),
    headers: JSON_TYPE,
  });

describe('recurring schedules', () => {
  it('lists the schedule declared in the jobs module, which the API cannot change or delete', async () => {
    const list = await api.get<{ schedules: Schedule[] }>('/schedules');
    expect(list.status).toBe(200);
    const declared = list.body.schedules.find((s) => s.name === 'cleanup-tmp');
    expect(declared).toMatchObject({ schedule: 'rate(1 hour)', type: 'cleanup', declared: true });
    expect(Date.parse(String(declared?.nextRunAt))).toBeGreaterThan(Date.now() - 120_000);
    const replace = await put('cleanup-tmp', { schedule: 'rate(1 minute)', type: 'noop' });
    expect(replace.status).toBe(409);
    expect(replace.body.error.code).toBe('ScheduleDeclared');
    const remove = await api.request<ErrorAnswer>('DELETE', '/schedules/cleanup-tmp');
    expect(remove.status).toBe(409);
  });

  it('creates a schedule that fires a job through the normal path, then deletes it', async () => {
    const name = `tick-${randomUUID().slice(0, 8)}`;
    const created = await put(name, { schedule: 'rate(1 minute)', type: 'sleep', payload: { ms: 5 } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name, declared: false, type: 'sleep' });
    const firstRun = created.body.nextRunAt;
    expect(Date.parse(firstRun) - Date.now()).toBeLessThanOrEqual(61_000);
    expect((await put(name, { schedule: 'rate(1 minute)', type: 'sleep', payload: { ms: 5 } })).status).toBe(
      200,
    );

    // The sweeper runs every minute: the first firing is at most a minute after its time.
    let fired: Schedule | undefined;
    const deadline = Date.now() + 150_000;
    while (Date.now() < deadline && !fired?.lastJobId) {
      fired = (await api.get<Schedule>(`/schedules/${name}`)).body;
      if (!fired.lastJobId) await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    expect(fired).toMatchObject({ lastRunAt: firstRun });
    expect(Date.parse(String(fired?.nextRunAt))).toBeGreaterThan(Date.parse(firstRun));
    const job = await api.waitForJob(String(fired?.lastJobId), isFinished, 30_000);
    expect(job).toMatchObject({ type: 'sleep', payload: { ms: 5 }, status: 'completed', attempts: 1 });

    expect((await api.request('DELETE', `/schedules/${name}`)).status).toBe(204);
    expect((await api.get<ErrorAnswer>(`/schedules/${name}`)).body.error.code).toBe('ScheduleNotFound');
    expect((await api.request('DELETE', `/schedules/${name}`)).status).toBe(404);
  }, 200_000);

  it('refuses a schedule that could not fire, saying why, and stores nothing', async () => {
    const name = `bad-${randomUUID().slice(0, 8)}`;
    const cases: [object, string][] = [
      [{ schedule: 'every minute', type: 'noop' }, 'InvalidSchedule'],
      [{ schedule: 'cron(0 0 * * *)', type: 'noop' }, 'InvalidSchedule'],
      [{ schedule: 'cron(0 9 * * ? *)', timezone: 'Mars/Olympus', type: 'noop' }, 'InvalidSchedule'],
      [{ schedule: 'rate(1 minute)', type: 'teleport' }, 'UnknownJobType'],
      [{ schedule: 'rate(1 minute)', type: 'sleep', payload: { ms: 'soon' } }, 'ValidationError'],
      [{ schedule: 'rate(1 minute)', type: 'noop', every: 5 }, 'ValidationError'],
    ];
    for (const [body, code] of cases) {
      const res = await put(name, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code, JSON.stringify(body)).toBe(code);
    }
    const badName = await put('no spaces allowed', { schedule: 'rate(1 minute)', type: 'noop' });
    expect(badName.status).toBe(400);
    expect((await api.get(`/schedules/${name}`)).status).toBe(404);
  });

  it('reads a cron expression in a time zone', async () => {
    const name = `paris-${randomUUID().slice(0, 8)}`;
    const res = await put(name, { schedule: 'cron(0 9 * * ? *)', timezone: 'Europe/Paris', type: 'noop' });
    expect(res.status).toBe(201);
    const next = new Date(res.body.nextRunAt);
    const parisHour = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: 'numeric' }).format(
      next,
    );
    expect(Number(parisHour)).toBe(9);
    expect(next.getUTCMinutes()).toBe(0);
    expect((await api.request('DELETE', `/schedules/${name}`)).status).toBe(204);
  });
});
