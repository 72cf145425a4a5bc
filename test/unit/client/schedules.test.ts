import { afterEach, describe, expect, it } from 'vitest';
import {
  createClient,
  InvalidArgumentError,
  type Schedule,
  SqsJobsApiError,
} from '../../../src/client/index.ts';
import type { jobs } from '../../fixtures/client/jobs.ts';
import {
  type ReceivedRequest,
  type ScriptedAnswer,
  type ScriptedServer,
  startScriptedServer,
} from '../../helpers/scripted-http-server.ts';

const T = '2026-01-01T00:00:00.000Z';

function aSchedule(name: string, extra: Partial<Schedule> = {}): Schedule {
  return {
    name,
    schedule: 'rate(1 hour)',
    type: 'noop',
    payload: {},
    nextRunAt: '2026-01-01T01:00:00.000Z',
    declared: false,
    createdAt: T,
    updatedAt: T,
    ...extra,
  };
}

const declaredError = (name: string): ScriptedAnswer => ({
  status: 409,
  body: {
    error: {
      code: 'ScheduleDeclared',
      message: `Schedule "${name}" is declared in the jobs module (defineSchedules); change or remove it there and deploy.`,
      details: { name },
    },
  },
});

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function clientFor(answer: (request: ReceivedRequest, index: number) => ScriptedAnswer) {
  server = await startScriptedServer(answer);
  return createClient<typeof jobs>({ url: `${server.url}/prod`, maxRetries: 1 });
}

const sent = () => (server?.requests ?? []).map((r) => `${r.method} ${r.url}${r.body ? ` ${r.body}` : ''}`);

describe('client.schedules sends the requests the API reads', () => {
  it('lists (the array of GET /schedules) and gets one by its name, encoded as one path segment', async () => {
    const nightly = aSchedule('nightly', { declared: true, lastRunAt: T, lastJobId: 'j1' });
    const client = await clientFor(({ url }) =>
      url === '/prod/schedules'
        ? { status: 200, body: { schedules: [nightly, aSchedule('other')] } }
        : { status: 200, body: aSchedule(decodeURIComponent(url.slice('/prod/schedules/'.length))) },
    );
    expect(await client.schedules.list()).toEqual([nightly, aSchedule('other')]);
    expect(await client.schedules.get('nightly')).toEqual(aSchedule('nightly'));
    expect((await client.schedules.get('a b/c')).name).toBe('a b/c');
    expect(sent()).toEqual([
      'GET /prod/schedules',
      'GET /prod/schedules/nightly',
      'GET /prod/schedules/a%20b%2Fc',
    ]);
  });

  it('puts only the fields given, and says created from the 201 and replaced from the 200', async () => {
    const client = await clientFor(({ body }, index) => ({
      status: index === 0 ? 201 : 200,
      body: aSchedule('digest', JSON.parse(body) as Partial<Schedule>),
    }));
    const created = await client.schedules.put('digest', {
      schedule: 'cron(0 9 ? * MON-FRI *)',
      timezone: 'Europe/Paris',
      type: 'email',
      payload: { to: 'team@example.com' },
      maxAttempts: 2,
    });
    const replaced = await client.schedules.put('digest', { schedule: 'rate(5 minutes)', type: 'noop' });
    expect(created).toEqual({
      created: true,
      schedule: aSchedule('digest', {
        schedule: 'cron(0 9 ? * MON-FRI *)',
        timezone: 'Europe/Paris',
        type: 'email',
        payload: { to: 'team@example.com' },
        maxAttempts: 2,
      }),
    });
    expect(replaced.created).toBe(false);
    expect(replaced.schedule.schedule).toBe('rate(5 minutes)');
    expect(sent()).toEqual([
      'PUT /prod/schedules/digest {"schedule":"cron(0 9 ? * MON-FRI *)","timezone":"Europe/Paris","type":"email","payload":{"to":"team@example.com"},"maxAttempts":2}',
      // No payload given: none sent, the API stores {}.
      'PUT /prod/schedules/digest {"schedule":"rate(5 minutes)","type":"noop"}',
    ]);
    expect(server?.requests[0]?.headers['content-type']).toBe('application/json');
  });

  it('sends a priority for each firing’s job, and reads it back from the put, the get and the list', async () => {
    const urgent = aSchedule('urgent', { priority: 'high' });
    const client = await clientFor(({ method, url, body }) =>
      method === 'PUT'
        ? { status: 201, body: aSchedule('urgent', JSON.parse(body) as Partial<Schedule>) }
        : url === '/prod/schedules'
          ? { status: 200, body: { schedules: [urgent, aSchedule('plain')] } }
          : { status: 200, body: urgent },
    );
    const { schedule } = await client.schedules.put('urgent', {
      schedule: 'rate(1 hour)',
      type: 'noop',
      priority: 'high',
    });
    expect(schedule.priority).toBe('high');
    expect((await client.schedules.get('urgent')).priority).toBe('high');
    // A schedule without one leaves it to the job type: the API sends none.
    expect((await client.schedules.list()).map((s) => s.priority)).toEqual(['high', undefined]);
    expect(sent()[0]).toBe(
      'PUT /prod/schedules/urgent {"schedule":"rate(1 hour)","type":"noop","priority":"high"}',
    );
  });

  it('deletes with no body and resolves on the empty 204', async () => {
    const client = await clientFor(() => ({ status: 204 }));
    await expect(client.schedules.delete('digest')).resolves.toBeUndefined();
    expect(sent()).toEqual(['DELETE /prod/schedules/digest']);
    expect(server?.requests[0]?.headers['content-type']).toBeUndefined();
  });

  it('rejects with the API’s code: ScheduleDeclared (409) for a declared one, ScheduleNotFound (404)', async () => {
    const client = await clientFor(({ method }) =>
      method === 'GET'
        ? {
            status: 404,
            body: {
              error: {
                code: 'ScheduleNotFound',
                message: 'No schedule named "gone".',
                details: { name: 'gone' },
              },
            },
          }
        : declaredError('cleanup-tmp'),
    );
    const put = await client.schedules
      .put('cleanup-tmp', { schedule: 'rate(1 hour)', type: 'noop' })
      .catch((error: unknown) => error);
    expect(put).toBeInstanceOf(SqsJobsApiError);
    expect(put).toMatchObject({
      status: 409,
      code: 'ScheduleDeclared',
      message:
        'Schedule "cleanup-tmp" is declared in the jobs module (defineSchedules); change or remove it there and deploy.',
      details: { name: 'cleanup-tmp' },
      method: 'PUT',
      url: `${server?.url}/prod/schedules/cleanup-tmp`,
    });
    await expect(client.schedules.delete('cleanup-tmp')).rejects.toMatchObject({
      status: 409,
      code: 'ScheduleDeclared',
      method: 'DELETE',
    });
    await expect(client.schedules.get('gone')).rejects.toMatchObject({
      status: 404,
      code: 'ScheduleNotFound',
    });
    // A 409 is an answer, not a refusal before anything happened: not retried.
    expect(sent()).toEqual([
      'PUT /prod/schedules/cleanup-tmp {"schedule":"rate(1 hour)","type":"noop"}',
      'DELETE /prod/schedules/cleanup-tmp',
      'GET /prod/schedules/gone',
    ]);
  });

  it('retries a put refused with 429, and still tells created from the answer that came', async () => {
    const client = await clientFor((_request, index) =>
      index === 0
        ? {
            status: 429,
            body: { error: { code: 'TooManyRequests', message: 'Slow down.' } },
            headers: { 'retry-after': '0' },
          }
        : { status: 201, body: aSchedule('digest') },
    );
    expect((await client.schedules.put('digest', { schedule: 'rate(1 hour)', type: 'noop' })).created).toBe(
      true,
    );
    expect(sent()).toHaveLength(2);
  });

  it('refuses an empty name before sending, and an answer that is not the API’s', async () => {
    const client = await clientFor(() => ({ status: 200, body: { hello: 'a captive portal' } }));
    await expect(client.schedules.get('')).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(client.schedules.delete('')).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(sent()).toEqual([]);
    await expect(client.schedules.list()).rejects.toMatchObject({ code: 'InvalidResponse' });
    await expect(client.schedules.get('x')).rejects.toMatchObject({ code: 'InvalidResponse' });
  });
});
