import { withBenchRuntime } from '../bench-runtime.ts';
import { type FunctionUsage, functionUsage, percentiles } from '../measure.ts';
import { openLoop, sendSchedule } from '../open-loop.ts';
import { type Scenario, type ScenarioResult, target } from '../scenario.ts';
import { jobBody, postJobs } from '../submit.ts';
import { DEFAULTS } from '../suite/cli-options.ts';
import { drainTimeoutMs } from '../throughput/run-mode.ts';

/** What the latency scenario keeps in its JSON; cost reads `functions` back. */
export interface LatencyData {
  readonly rate: number;
  readonly seconds: number;
  readonly jobs: number;
  readonly started: ReturnType<typeof percentiles>;
  readonly completed: ReturnType<typeof percentiles>;
  /** Each function's invocations and GB-s while the steady load ran. */
  readonly functions: readonly FunctionUsage[];
}

/** The targets for submit → started, in ms. */
export const LATENCY_TARGETS = { startedP50Ms: 50, startedP99Ms: 250 } as const;

/**
 * A steady trickle, not a flood: POST /jobs at a fixed rate on a fresh runtime, and how long each
 * job waited to start and to finish, from the moment the client sent it.
 */
export const latency: Scenario = {
  name: 'latency',
  summary: 'submit → started and submit → completed at a steady rate of POST /jobs',
  async run(options, progress): Promise<ScenarioResult> {
    const rate = options.rate ?? DEFAULTS.rate;
    const seconds = options.latencySeconds ?? DEFAULTS.latencySeconds;
    return withBenchRuntime(options, progress, async ({ apiUrl, observer, runtime }) => {
      if (options.warmup > 0) {
        progress.phase('warm-up', options.warmup);
        await postJobs(apiUrl, options.warmup, options, (n) => progress.update(n));
        await observer.drained(drainTimeoutMs(options.warmup));
      }
      const statsBefore = runtime.functionStats();
      const schedule = sendSchedule(rate, seconds);
      progress.phase(`POST /jobs at ${rate} jobs/s for ${seconds} s`, schedule.length);
      const submitted = await openLoop(`${apiUrl}/jobs`, JSON.stringify(jobBody(options)), schedule, (n) =>
        progress.update(n),
      );
      progress.phase('completing', submitted.length);
      await observer.drained(drainTimeoutMs(submitted.length), (left) =>
        progress.update(submitted.length - left),
      );
      const functions = functionUsage(statsBefore, runtime.functionStats());
      const api = functions.find((fn) => fn.name === 'api');
      const jobs = new Map((await observer.jobs(submitted.map((job) => job.id))).map((job) => [job.id, job]));
      const started: number[] = [];
      const completed: number[] = [];
      let notCompleted = 0;
      for (const { id, sentAt } of submitted) {
        const job = jobs.get(id);
        if (job?.status !== 'completed') {
          notCompleted += 1;
          continue;
        }
        started.push(Date.parse(job.startedAt) - sentAt);
        completed.push(Date.parse(job.finishedAt) - sentAt);
      }
      if (notCompleted > 0) throw new Error(`${notCompleted} of ${submitted.length} jobs did not complete`);
      const toStart = percentiles(started);
      const toFinish = percentiles(completed);
      const row = (measure: string, p: typeof toStart) => ({
        measure,
        'p50 ms': p.p50,
        'p95 ms': p.p95,
        'p99 ms': p.p99,
        'max ms': p.max,
      });
      return {
        table: [row('submit → started', toStart), row('submit → completed', toFinish)],
        notes: [
          `${submitted.length} jobs, one POST /jobs every ${(1000 / rate).toFixed(0)} ms (open loop: sent on schedule, whatever earlier answers do).`,
          "Submit: the client's send time; started and completed: the job's startedAt and finishedAt as stored.",
          ...(api && api.invocations > 0
            ? [
                `The API function was busy ${((api.gbSeconds / api.invocations / (api.memoryMb / 1024)) * 1000).toFixed(1)} ms a request at this rate (cost prices POST /jobs's API compute from it).`,
              ]
            : []),
        ],
        targets: [
          target('submit → started p50', toStart.p50, 'ms', LATENCY_TARGETS.startedP50Ms, false),
          target('submit → started p99', toStart.p99, 'ms', LATENCY_TARGETS.startedP99Ms, false),
        ],
        data: {
          rate,
          seconds,
          jobs: submitted.length,
          started: toStart,
          completed: toFinish,
          functions,
        } satisfies LatencyData,
      };
    });
  },
};
