import { rmSync } from 'node:fs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { apiClient } from '../client.ts';
import { type RuntimeProcess, startRuntimeProcess } from '../local-runtime-process.ts';
import { type Api, countBy, mapLimit, submit, tempStateDir, waitUntilTerminal } from './harness.ts';

/**
 * A stop, however it is signalled, strands nothing: in-flight invocations finish, every message a
 * poller received is finished or handed back, and after a restart every job completes within 30 s.
 * Without that, a job cut mid-run keeps its claim and its message stays hidden for the visibility
 * timeout (6 × the worker's 60 s).
 */
const ROUNDS: readonly { target: 'group' | 'runtime'; signal: NodeJS.Signals; as: string }[] = [
  { target: 'group', signal: 'SIGINT', as: 'Ctrl-C in a terminal' },
  { target: 'group', signal: 'SIGTERM', as: 'timeout, a CI runner or a process manager' },
  { target: 'runtime', signal: 'SIGTERM', as: 'kill <pid> of the runtime' },
  { target: 'group', signal: 'SIGINT', as: 'Ctrl-C again' },
  { target: 'group', signal: 'SIGTERM', as: 'SIGTERM to the group again' },
];
const JOBS_PER_ROUND = 150;
const RESTART_BOUND_MS = 30_000;
/** In-flight invocations finish before the stop ends; each is bounded by the worker's timeout. */
const STOP_BOUND_MS = 90_000;

const stateDir = tempStateDir('stop-signals');
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

describe.skipIf(!inject('embedded'))('stopping npm start with jobs in flight', () => {
  it(`${ROUNDS.length} stops in a row (SIGINT and SIGTERM to the process group, SIGTERM to the runtime): after each restart every job completes within ${RESTART_BOUND_MS / 1000} s`, async () => {
    const submitted: string[] = [];
    const report: string[] = [];
    let runtime: RuntimeProcess | undefined;
    try {
      for (const [round, { target, signal, as }] of ROUNDS.entries()) {
        runtime = await startRuntimeProcess({ stateDir, group: true, timeoutMs: 110_000 });
        const api = apiClient(runtime.apiUrl);
        const restarted = Date.now();
        await expectAllCompleted(api, submitted, RESTART_BOUND_MS, `after restart ${round}`);
        const recoveredMs = Date.now() - restarted;

        const bodies = Array.from({ length: JOBS_PER_ROUND }, (_, i) => ({
          type: 'sleep',
          ms: 200 + ((i * 37) % 100),
        }));
        const ids = (await mapLimit(bodies, 16, (body) => submit(api, body))).map((s) => s.id);
        submitted.push(...ids);
        // The stop lands with work in flight: some of this round's jobs are running (durable records).
        const atStop = await waitForRunning(api, ids);
        const stopped = Date.now();
        await runtime.signalAndWait(target, signal, STOP_BOUND_MS);
        const stopMs = Date.now() - stopped;
        report.push(
          `round ${round + 1}: ${signal} to the ${target} (${as}) with ${JSON.stringify(atStop)} of ${ids.length}; ` +
            `stop took ${(stopMs / 1000).toFixed(1)} s; the ${submitted.length - ids.length} earlier jobs were all completed ` +
            `${(recoveredMs / 1000).toFixed(1)} s after the restart`,
        );
        expect(runtime.output()).toContain(`${signal}: finishing in-flight requests and invocations`);
        expect(runtime.output()).not.toContain(`${signal} again: exiting now`);
        runtime = undefined;
      }
      runtime = await startRuntimeProcess({ stateDir, group: true, timeoutMs: 110_000 });
      const restarted = Date.now();
      await expectAllCompleted(
        apiClient(runtime.apiUrl),
        submitted,
        RESTART_BOUND_MS,
        'after the last restart',
      );
      report.push(
        `last restart: all ${submitted.length} completed after ${((Date.now() - restarted) / 1000).toFixed(1)} s`,
      );
      console.log(report.join('\n'));
    } finally {
      await runtime?.signalAndWait('group', 'SIGINT', STOP_BOUND_MS).catch(() => runtime?.kill9());
    }
  }, 900_000);
});

async function expectAllCompleted(api: Api, ids: readonly string[], timeoutMs: number, when: string) {
  const jobs = await waitUntilTerminal(api, ids, timeoutMs, 500);
  const notCompleted = jobs.filter((job) => job.status !== 'completed');
  expect(
    notCompleted.map((job) => `${job.id} ${job.status}`),
    `${when}: ${JSON.stringify(countBy(jobs, (job) => job.status))}`,
  ).toEqual([]);
}

/** Waits until at least one of `ids` is running (read from the job records); returns the counts. */
async function waitForRunning(api: Api, ids: readonly string[]): Promise<Record<string, number>> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const jobs = await mapLimit(
      ids,
      16,
      async (id) => (await api.get<{ status: string }>(`/jobs/${id}`)).body,
    );
    const counts = countBy(jobs, (job) => job.status);
    if ((counts.running ?? 0) > 0 && (counts.pending ?? 0) > 0) return counts;
    if ((counts.pending ?? 0) === 0 && (counts.running ?? 0) === 0)
      throw new Error('every job finished before the stop');
  }
  throw new Error('no job of the round started running within 30 s');
}
