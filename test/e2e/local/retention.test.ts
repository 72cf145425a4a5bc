import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { apiClient, isFinished } from '../client.ts';
import { startRuntimeProcess } from '../local-runtime-process.ts';
import { tempStateDir } from './harness.ts';

const stateDir = tempStateDir('retention');
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

const RETENTION_SECONDS = 120;

interface Counts {
  completed: number;
  failed: number;
  canceled: number;
}

/**
 * Its own runtime with the shortest retention (-c retentionSeconds=120): finished jobs go from the
 * API and the table (dynalite has no TTL: the sweeper removes them), and /status keeps its totals.
 */
describe.skipIf(!inject('embedded'))('retention', () => {
  it('removes finished jobs after their retention from GET /jobs and the table, while /status totals stay', async () => {
    const runtime = await startRuntimeProcess({
      stateDir,
      args: ['--context', `retentionSeconds=${RETENTION_SECONDS}`],
      timeoutMs: 110_000,
    });
    const api = apiClient(runtime.apiUrl);
    try {
      const submit = async (body: object) =>
        (await api.post<{ id: string }>('/jobs', JSON.stringify(body))).body.id;
      const completed = await Promise.all([1, 2, 3].map(() => submit({ type: 'noop' })));
      const failed = await submit({ type: 'flaky', failTimes: 5, maxAttempts: 1 });
      const canceled = await submit({ type: 'noop', delaySeconds: 600 });
      expect((await api.post(`/jobs/${canceled}/cancel`, '')).status).toBe(202);
      const ids = [...completed, failed, canceled];
      const finished = await Promise.all(ids.map((id) => api.waitForJob(id, isFinished, 30_000)));
      expect(finished.map((job) => job.status)).toEqual([
        'completed',
        'completed',
        'completed',
        'failed',
        'canceled',
      ]);
      for (const job of finished) {
        const kept = Date.parse(String(job.expiresAt)) - Date.parse(String(job.finishedAt));
        expect(kept).toBeGreaterThanOrEqual(RETENTION_SECONDS * 1000);
        expect(kept).toBeLessThanOrEqual(RETENTION_SECONDS * 1000 + 1000);
      }
      const totals = (await api.get<Counts>('/status')).body;
      expect(totals).toMatchObject({ completed: 3, failed: 1, canceled: 1 });

      // Gone from the API: each answers 404, and the listings hold none of them.
      const deadline = Date.now() + (RETENTION_SECONDS + 150) * 1000;
      let left = ids;
      while (left.length > 0 && Date.now() < deadline) {
        await sleep(5_000);
        const answers = await Promise.all(
          left.map(async (id) => [id, (await api.get(`/jobs/${id}`)).status] as const),
        );
        left = answers.filter(([, status]) => status !== 404).map(([id]) => id);
      }
      expect(left).toEqual([]);
      for (const status of ['completed', 'failed', 'canceled']) {
        const listed = (await api.get<{ jobs: { id: string }[] }>(`/jobs?status=${status}&limit=100`)).body
          .jobs;
        expect(listed.filter((job) => ids.includes(job.id))).toEqual([]);
      }
      // Gone from the table, read with the SDK at the endpoint the runtime printed.
      const line = runtime.output().match(/DynamoDB\s+(http:\/\/\S+)\s.*--table-name (\S+)/);
      expect(line).not.toBeNull();
      const dynamo = new DynamoDBClient({
        endpoint: line?.[1] ?? '',
        region: 'us-east-1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      });
      for (const id of ids) {
        const { Item } = await dynamo.send(
          new GetItemCommand({ TableName: line?.[2] ?? '', Key: { id: { S: id } } }),
        );
        expect(Item).toBeUndefined();
      }
      // The totals do not drop with the jobs: they were counted as the jobs finished.
      expect((await api.get<Counts>('/status')).body).toMatchObject({ completed: 3, failed: 1, canceled: 1 });
    } finally {
      await runtime.stop('SIGINT');
    }
  }, 420_000);
});
