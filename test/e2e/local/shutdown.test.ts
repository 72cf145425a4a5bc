import { rmSync } from 'node:fs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { apiClient } from '../client.ts';
import { startRuntimeProcess } from '../local-runtime-process.ts';
import { submit, tempStateDir } from './harness.ts';

const stateDir = tempStateDir('shutdown');
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

describe.skipIf(!inject('embedded'))('graceful shutdown', () => {
  it('SIGTERM drains the running invocation, then exits 0; the job is completed, not lost', async () => {
    const runtime = await startRuntimeProcess({ stateDir });
    const api = apiClient(runtime.apiUrl);
    const { id } = await submit(api, { type: 'sleep', ms: 3_000 });
    expect(await api.waitForJob(id, (job) => job.status === 'running')).toMatchObject({ status: 'running' });
    const stopped = Date.now();
    expect(await runtime.stop('SIGTERM')).toBe(0);
    // It waited for the job (about 3 s) rather than leaving it to the visibility timeout.
    expect(Date.now() - stopped).toBeGreaterThan(1_000);
    expect(runtime.output()).toMatch(/SIGTERM: finishing in-flight requests and invocations/);

    const again = await startRuntimeProcess({ stateDir });
    try {
      const job = (await apiClient(again.apiUrl).get(`/jobs/${id}`)).body;
      expect(job).toMatchObject({ status: 'completed', attempts: 1 });
    } finally {
      await again.stop('SIGINT');
    }
  }, 120_000);

  it('a second signal exits at once, without waiting for the invocation', async () => {
    const runtime = await startRuntimeProcess({ stateDir });
    const api = apiClient(runtime.apiUrl);
    const { id } = await submit(api, { type: 'sleep', ms: 30_000 });
    await api.waitForJob(id, (job) => job.status === 'running');
    const stopped = Date.now();
    runtime.child.kill('SIGTERM');
    // A repeat within a second is taken for a wrapper relaying the first (npm, tsx); this is a person.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await runtime.stop('SIGTERM')).toBe(130);
    expect(Date.now() - stopped).toBeLessThan(5_000);
    expect(runtime.output()).toContain('SIGTERM again: exiting now.');
  }, 120_000);
});
