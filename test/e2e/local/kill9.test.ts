import { rmSync } from 'node:fs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { apiClient } from '../client.ts';
import { startRuntimeProcess } from '../local-runtime-process.ts';
import {
  countBy,
  mapLimit,
  settledCompletedLines,
  submit,
  TERMINAL,
  tempStateDir,
  waitUntilTerminal,
} from './harness.ts';

const JOBS = 300;
const stateDir = tempStateDir('kill9');
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));
const args = ['--context', 'workerTimeoutSeconds=5'];

describe.skipIf(!inject('embedded'))('kill -9 of the runtime', () => {
  it(`${JOBS} sleep jobs survive a kill -9 mid-flight and a restart on the same state dir; each completes once`, async () => {
    const first = await startRuntimeProcess({ stateDir, args, timeoutMs: 110_000 });
    let killedAt = 0;
    let atKill: Record<string, number> = {};
    try {
      const api = apiClient(first.apiUrl);
      const body = { type: 'sleep', ms: 200 };
      const ids = (await mapLimit(Array.from({ length: JOBS }), 16, () => submit(api, body))).map(
        (s) => s.id,
      );
      atKill = (await api.get<Record<string, number>>('/status')).body;
      killedAt = Date.now();
      await first.kill9();
      expect((atKill.pending ?? 0) + (atKill.running ?? 0)).toBeGreaterThan(0);

      const second = await startRuntimeProcess({ stateDir, args, timeoutMs: 110_000 });
      try {
        const again = apiClient(second.apiUrl);
        // The jobs themselves, not /status: dynalite writes a GSI entry and its item separately, so
        // a kill -9 of the emulator between the two can leave a stale byStatus entry behind (DynamoDB
        // itself maintains indexes for you). The job records are the truth.
        const jobs = await waitUntilTerminal(again, ids, 150_000);
        expect(jobs.filter((job) => !TERMINAL.includes(job.status)).map((job) => job.id)).toEqual([]);
        expect(
          jobs.filter((job) => job.status !== 'completed').map((job) => `${job.id} ${job.status}`),
        ).toEqual([]);
        const lines = await settledCompletedLines(stateDir, ids);
        expect(ids.filter((id) => (lines.get(id) ?? 0) > 1)).toEqual([]);
        // The kill can take lines with it (a worker's unread output, the runtime's unwritten log
        // buffer, a completion stored just before its line): those jobs finished before the kill.
        const unlogged = jobs.filter((job) => !lines.has(job.id));
        expect(
          unlogged
            .filter((job) => Date.parse(String(job.finishedAt)) > killedAt + 1_000)
            .map((job) => job.id),
        ).toEqual([]);
        console.log(
          [
            `at the kill: ${JSON.stringify({ pending: atKill.pending, running: atKill.running, completed: atKill.completed })}`,
            `after restart: ${JSON.stringify(countBy(jobs, (job) => job.status))}, attempts ${JSON.stringify(countBy(jobs, (job) => String(job.attempts)))}`,
            `completed lines: exactly one for ${JOBS - unlogged.length}, none (lost with the kill) for ${unlogged.length}`,
          ].join('\n'),
        );
      } finally {
        await second.stop('SIGINT');
      }
    } finally {
      await first.stop('SIGINT');
    }
  }, 300_000);
});
