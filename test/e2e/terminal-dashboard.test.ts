import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { apiClient } from './client.ts';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const apiUrl = inject('apiUrl');
const api = apiClient(apiUrl);

type Status = {
  pending: number;
  running: number;
  completed: number;
  failed: number;
  workers: number;
  workersAlive: number;
};

describe('the terminal dashboard against the running stack', () => {
  it('prints the seed lines with the numbers GET /status gives', async () => {
    // Read /status on both sides of the dashboard's own read; retry until nothing moved meanwhile.
    // Other files' jobs (retries, long sleeps) may still be ending on the shared stack: wait them out.
    for (let tries = 0; tries < 30; tries += 1) {
      if (tries > 0) await sleep(1_000);
      const before = (await api.get<Status>('/status')).body;
      const { stdout } = await run(
        process.execPath,
        ['--import', 'tsx', 'cli/dashboard.ts', '--once', '--url', apiUrl],
        {
          cwd: ROOT,
          env: process.env,
        },
      );
      const after = (await api.get<Status>('/status')).body;
      const same = (['pending', 'running', 'completed', 'failed', 'workersAlive'] as const).every(
        (k) => before[k] === after[k],
      );
      if (!same) continue;
      expect(stdout).toContain(`Workers: ${after.workersAlive}/${after.workers} alive`);
      expect(stdout).toContain(
        `Queue: ${after.pending} pending, ${after.running} running, ${after.completed} completed, ${after.failed} failed`,
      );
      expect(stdout).toMatch(/^Throughput: [\d.,]+ jobs\/sec/m);
      expect(stdout).toMatch(/^Last failure: /m);
      return;
    }
    throw new Error('the counts kept changing; could not compare');
  }, 120_000);
});
