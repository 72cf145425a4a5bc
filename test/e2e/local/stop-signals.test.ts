import { rmSync } from 'node:fs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { apiClient } from '../client.ts';
import { type RuntimeProcess, startRuntimeProcess } from '../local-runtime-process.ts';
import { type Api, countBy, history, tempStateDir, waitUntilTerminal } from './harness.ts';

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
        const leftOver = await expectAllCompleted(api, submitted, RESTART_BOUND_MS, `after restart ${round}`);
        const recoveredMs = Date.now() - restarted;

        // Submissions keep coming while the stop lands; a job counts once it got its 202.
        const submitting = submitUntilRefused(api, JOBS_PER_ROUND);
        const atStop = await waitForWork(api, submitting.accepted, JOBS_PER_ROUND / 2);
        const stopped = Date.now();
        await runtime.signalAndWait(target, signal, STOP_BOUND_MS);
        const stopMs = Date.now() - stopped;
        const ids = await submitting.done;
        submitted.push(...ids);
        report.push(
          `round ${round + 1}: ${signal} to the ${target} (${as}) with ${JSON.stringify(atStop)} in /status as it was sent, ${ids.length} accepted this round; ` +
            `stop took ${(stopMs / 1000).toFixed(1)} s; the ${submitted.length - ids.length} earlier jobs were all completed ` +
            `${(recoveredMs / 1000).toFixed(1)} s after the restart (${leftOver})`,
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

async function expectAllCompleted(
  api: Api,
  ids: readonly string[],
  timeoutMs: number,
  when: string,
): Promise<string> {
  const restarted = Date.now();
  const jobs = await waitUntilTerminal(api, ids, timeoutMs, 500);
  const notCompleted = jobs.filter((job) => job.status !== 'completed');
  expect(
    notCompleted.map((job) => `${job.id} ${job.status}`),
    `${when}: ${JSON.stringify(countBy(jobs, (job) => job.status))}`,
  ).toEqual([]);
  // When the jobs left over from the stop started again: how long the restart kept them waiting.
  const rerun = jobs
    .map((job) => Date.parse(String(job.startedAt)) - restarted)
    .filter((ms) => ms > -5_000)
    .sort((a, b) => a - b);
  const cut = jobs.filter((job) => history(job).some((attempt) => !attempt.outcome)).length;
  return rerun.length === 0
    ? 'none left over'
    : `${rerun.length} started after the restart, the last ${((rerun.at(-1) ?? 0) / 1000).toFixed(1)} s after it; ${cut} had an attempt cut short`;
}

/**
 * POSTs `count` sleep jobs (1–1.5 s), eight at a time, until they are all sent or the API stops
 * answering; resolves with the ids of those that got a 202. Each runs long enough that jobs are
 * surely running while GET /status is polled and when the stop lands, however fast the machine
 * drains them (with 200–300 ms jobs, a quick drain could finish all of them between two polls).
 */
function submitUntilRefused(api: Api, count: number): { accepted: string[]; done: Promise<string[]> } {
  const accepted: string[] = [];
  let next = 0;
  let refused = false;
  const lane = async () => {
    while (!refused && next < count) {
      const ms = 1_000 + ((next++ * 37) % 500);
      try {
        const res = await api.post<{ id?: string }>('/jobs', JSON.stringify({ type: 'sleep', ms }));
        if (res.status === 202 && res.body.id) accepted.push(res.body.id);
        else if (res.status !== 429) refused = true;
      } catch {
        refused = true;
      }
    }
  };
  const done = Promise.all(Array.from({ length: 8 }, lane)).then(() => accepted);
  return { accepted, done };
}

/** Waits until `atLeast` jobs were accepted and GET /status counts some running; returns the counts. */
async function waitForWork(
  api: Api,
  accepted: readonly string[],
  atLeast: number,
): Promise<Record<string, number>> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (accepted.length >= atLeast) {
      const status = (await api.get<Record<string, number>>('/status')).body;
      if ((status.running ?? 0) > 0) return { pending: status.pending ?? 0, running: status.running ?? 0 };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no job running with ${accepted.length} accepted after 60 s`);
}
