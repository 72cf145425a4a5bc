import { afterEach, describe, expect, it } from 'vitest';
import {
  type BatchCanceled,
  type BatchListEntry,
  type BatchView,
  createClient,
  InvalidArgumentError,
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
const BATCH = 'b4c1e2d3-0000-4000-8000-000000000001';

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

/** What POST /jobs/batch answers for two accepted jobs, with the batch's id when one was asked for. */
const twoAccepted = (batchId?: string): ScriptedAnswer => ({
  status: 200,
  body: {
    accepted: 2,
    rejected: 0,
    results: [
      { accepted: true, id: 'j1', status: 'pending' },
      { accepted: true, id: 'j2', status: 'pending' },
    ],
    ...(batchId === undefined ? {} : { batchId }),
  },
});

const aView: BatchView = {
  id: BATCH,
  createdAt: T,
  jobIds: ['j1', 'j2'],
  callbackJobId: 'cb',
  total: 2,
  counts: { waiting: 0, scheduled: 0, pending: 0, running: 1, completed: 1, failed: 0, canceled: 0 },
  finished: 1,
  progress: 0.5,
  jobs: [
    { id: 'j1', type: 'noop', status: 'completed' },
    { id: 'j2', type: 'email', status: 'running' },
  ],
  onComplete: { id: 'cb', type: 'email', status: 'waiting' },
};

const notFound: ScriptedAnswer = {
  status: 404,
  body: {
    error: { code: 'BatchNotFound', message: 'No batch with id "gone".', details: { id: 'gone' } },
  },
};

describe('client.enqueueBatch with batch', () => {
  it('sends batch.onComplete in the envelope form next to the jobs, and answers the batchId', async () => {
    const client = await clientFor(() => twoAccepted(BATCH));
    const answer = await client.enqueueBatch(
      [{ type: 'noop' }, { type: 'email', payload: { to: 'ada@example.com' } }],
      {
        batch: {
          onComplete: {
            type: 'email',
            payload: { to: 'ops@example.com' },
            maxAttempts: 5,
            priority: 'high',
          },
        },
      },
    );
    expect(answer.batchId).toBe(BATCH);
    expect(answer.accepted).toBe(2);
    expect(sent()).toEqual([
      'POST /prod/jobs/batch {"jobs":[{"type":"noop","payload":{}},{"type":"email","payload":{"to":"ada@example.com"}}],"batch":{"onComplete":{"type":"email","payload":{"to":"ops@example.com"},"maxAttempts":5,"priority":"high"}}}',
    ]);
  });

  it('sends batch: {} for a batch without a callback, a callback’s left-out payload as {}, and no batch when not asked', async () => {
    const client = await clientFor((_request, index) => twoAccepted(index < 2 ? BATCH : undefined));
    expect((await client.enqueueBatch([{ type: 'noop' }], { batch: {} })).batchId).toBe(BATCH);
    await client.enqueueBatch([{ type: 'noop' }], { batch: { onComplete: { type: 'noop' } } });
    expect((await client.enqueueBatch([{ type: 'noop' }])).batchId).toBeUndefined();
    await client.enqueueBatch([{ type: 'noop' }], {});
    expect(sent()).toEqual([
      'POST /prod/jobs/batch {"jobs":[{"type":"noop","payload":{}}],"batch":{}}',
      'POST /prod/jobs/batch {"jobs":[{"type":"noop","payload":{}}],"batch":{"onComplete":{"type":"noop","payload":{}}}}',
      'POST /prod/jobs/batch {"jobs":[{"type":"noop","payload":{}}]}',
      'POST /prod/jobs/batch {"jobs":[{"type":"noop","payload":{}}]}',
    ]);
  });

  it('passes a start untyped code gave the callback on, for the API to refuse the whole request', async () => {
    const client = await clientFor(() => ({
      status: 400,
      body: {
        error: {
          code: 'ValidationError',
          message: 'batch.onComplete runs when every job of the batch has ended: it takes no delaySeconds…',
          details: { field: 'batch.onComplete' },
        },
      },
    }));
    const refused = client.enqueueBatch([{ type: 'noop' }], {
      batch: { onComplete: { type: 'noop', delaySeconds: 60 } as never },
    });
    await expect(refused).rejects.toMatchObject({
      status: 400,
      code: 'ValidationError',
      details: { field: 'batch.onComplete' },
    });
    expect(sent()).toEqual([
      'POST /prod/jobs/batch {"jobs":[{"type":"noop","payload":{}}],"batch":{"onComplete":{"type":"noop","payload":{},"delaySeconds":60}}}',
    ]);
  });
});

describe('client.batches sends the requests the API reads', () => {
  it('lists the batches of GET /batches', async () => {
    const listed: BatchListEntry[] = [
      { id: BATCH, createdAt: T, total: 2, callbackJobId: 'cb' },
      { id: 'b2', createdAt: T, total: 500 },
    ];
    const client = await clientFor(() => ({ status: 200, body: { batches: listed } }));
    expect(await client.batches.list()).toEqual(listed);
    expect(sent()).toEqual(['GET /prod/batches']);
  });

  it('gets one batch by its id, encoded as one path segment', async () => {
    const client = await clientFor(({ url }) => ({
      status: 200,
      body: { ...aView, id: decodeURIComponent(url.slice('/prod/batches/'.length)) },
    }));
    expect(await client.batches.get(BATCH)).toEqual(aView);
    expect((await client.batches.get('a b/c')).id).toBe('a b/c');
    expect(sent()).toEqual([`GET /prod/batches/${BATCH}`, 'GET /prod/batches/a%20b%2Fc']);
  });

  it('cancels with a POST and no body, and answers what it did', async () => {
    const done: BatchCanceled = { id: BATCH, canceled: 3, stopping: 1, finished: 2 };
    const client = await clientFor(() => ({ status: 202, body: done }));
    expect(await client.batches.cancel(BATCH)).toEqual(done);
    expect(sent()).toEqual([`POST /prod/batches/${BATCH}/cancel`]);
    expect(server?.requests[0]?.headers['content-type']).toBeUndefined();
  });

  it('rejects an unknown batch with a SqsJobsApiError coded BatchNotFound (404), for get and cancel', async () => {
    const client = await clientFor(() => notFound);
    const read = await client.batches.get('gone').catch((error: unknown) => error);
    expect(read).toBeInstanceOf(SqsJobsApiError);
    expect(read).toMatchObject({
      status: 404,
      code: 'BatchNotFound',
      message: 'No batch with id "gone".',
      details: { id: 'gone' },
      method: 'GET',
      url: `${server?.url}/prod/batches/gone`,
    });
    await expect(client.batches.cancel('gone')).rejects.toMatchObject({
      status: 404,
      code: 'BatchNotFound',
      method: 'POST',
    });
    // A 404 is an answer: not retried.
    expect(sent()).toEqual(['GET /prod/batches/gone', 'POST /prod/batches/gone/cancel']);
  });

  it('refuses an empty id before sending, and an answer that is not the API’s', async () => {
    const client = await clientFor(() => ({ status: 200, body: { hello: 'a captive portal' } }));
    await expect(client.batches.get('')).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(client.batches.cancel('')).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(sent()).toEqual([]);
    await expect(client.batches.list()).rejects.toMatchObject({ code: 'InvalidResponse' });
    await expect(client.batches.get('x')).rejects.toMatchObject({ code: 'InvalidResponse' });
    await expect(client.batches.cancel('x')).rejects.toMatchObject({ code: 'InvalidResponse' });
  });
});
