import { setTimeout as sleep } from 'node:timers/promises';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, inject, it } from 'vitest';
import { apiClient, isFinished } from './client.ts';

const api = apiClient(inject('apiUrl'));
const deadLetterQueueUrl = inject('deadLetterQueueUrl');
const sqsEndpoint = inject('sqsEndpoint');

type Job = Record<string, unknown> & { id: string; status: string; attempts: number };

async function submit(body: object): Promise<string> {
  const res = await api.post<{ id: string }>('/jobs', JSON.stringify(body));
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return res.body.id;
}

/** Dead letters of one job, read without hiding them (visibility 0), as a person would peek. */
async function deadLettersOf(jobId: string): Promise<Array<Record<string, string | undefined>>> {
  const sqs = new SQSClient({
    region: process.env.AWS_REGION ?? 'us-east-1',
    ...(sqsEndpoint ? { endpoint: sqsEndpoint, useQueueUrlAsEndpoint: false } : {}),
    ...(inject('embedded') ? { credentials: { accessKeyId: 'test', secretAccessKey: 'test' } } : {}),
  });
  const found: Array<Record<string, string | undefined>> = [];
  for (let i = 0; i < 5 && found.length === 0; i++) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: deadLetterQueueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 0,
        WaitTimeSeconds: 1,
        MessageAttributeNames: ['All'],
      }),
    );
    for (const m of Messages) {
      if (m.MessageAttributes?.jobId?.StringValue !== jobId) continue;
      found.push({
        body: m.Body,
        failureReason: m.MessageAttributes.failureReason?.StringValue,
        error: m.MessageAttributes.error?.StringValue,
      });
    }
  }
  sqs.destroy();
  return found;
}

describe('failure semantics over HTTP', () => {
  it('cancels a job that is pending between attempts: it never runs again', async () => {
    const id = await submit({ type: 'flaky', failTimes: 9, maxAttempts: 5 });
    const waiting = await api.waitForJob(id, (j) => j.status === 'pending' && j.attempts === 1);
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: expect.any(String) });
    const cancel = await api.post(`/jobs/${id}/cancel`, '');
    expect(cancel).toMatchObject({ status: 202, body: { id, status: 'canceled' } });
    await sleep(3_000);
    expect((await api.get<Job>(`/jobs/${id}`)).body).toMatchObject({ status: 'canceled', attempts: 1 });
  });

  it('stops a running job through its abort signal and ends it canceled', async () => {
    const id = await submit({ type: 'sleep', ms: 30_000 });
    await api.waitForJob(id, (j) => j.status === 'running');
    const cancel = await api.post(`/jobs/${id}/cancel`, '');
    expect(cancel).toMatchObject({ status: 202, body: { status: 'running', cancelRequested: true } });
    const job = await api.waitForJob(id, isFinished, 15_000);
    expect(job).toMatchObject({ status: 'canceled', attempts: 1 });
  }, 30_000);

  it('answers 409 when canceling a finished job, and 404 for an unknown one', async () => {
    const id = await submit({ type: 'noop' });
    await api.waitForJob(id, isFinished);
    expect((await api.post<{ error: { code: string } }>(`/jobs/${id}/cancel`, '')).status).toBe(409);
    expect((await api.post('/jobs/no-such-job/cancel', '')).status).toBe(404);
  });

  it('re-runs a failed job with an edited payload through POST /jobs/{id}/retry', async () => {
    const id = await submit({ type: 'flaky', failTimes: 9, maxAttempts: 1 });
    expect(await api.waitForJob(id, isFinished)).toMatchObject({ status: 'failed', attempts: 1 });
    const retry = await api.post(`/jobs/${id}/retry`, '{"payload":{"failTimes":0}}');
    expect(retry).toMatchObject({ status: 202, body: { status: 'pending' } });
    expect(await api.waitForJob(id, isFinished)).toMatchObject({
      status: 'completed',
      attempts: 1,
      payload: { failTimes: 0 },
    });
    expect((await api.post(`/jobs/${id}/retry`, '')).status).toBe(409);
  });

  it.skipIf(!deadLetterQueueUrl)(
    'dead-letters an always-failing job after its attempts, and redrive runs it again',
    async () => {
      const id = await submit({ type: 'flaky', failTimes: 20, maxAttempts: 2 });
      const failed = await api.waitForJob(id, isFinished, 15_000);
      expect(failed).toMatchObject({ status: 'failed', attempts: 2 });
      const letters = await deadLettersOf(id);
      expect(letters).toEqual([
        expect.objectContaining({ failureReason: 'exhausted', error: expect.stringContaining('flaky') }),
      ]);
      const redrive = await api.post<Record<string, unknown>>('/dlq/redrive', JSON.stringify({ ids: [id] }));
      expect(redrive).toMatchObject({ status: 200, body: { moved: 1 } });
      // It runs again from a fresh set of attempts, fails again, and is dead-lettered again.
      const again = await api.waitForJob(
        id,
        (j) => j.status === 'failed' && String(j.updatedAt) > String(failed.updatedAt),
        15_000,
      );
      expect(again).toMatchObject({ status: 'failed', attempts: 2 });
      expect(await deadLettersOf(id)).toHaveLength(1);
    },
    40_000,
  );
});
