import { floorPlan } from '../floor/plan.ts';
import { replayFloor } from '../floor/replay.ts';
import { perJob } from '../measure.ts';
import { type Scenario, type ScenarioResult, target } from '../scenario.ts';
import type { Row } from '../suite/table.ts';
import { throughputData } from '../throughput/earlier.ts';

/** The target: sqs-jobs reaches at least this share of what the emulators allow. */
export const FLOOR_TARGET = 0.7;

/**
 * What the emulators allow for throughput's POST /jobs request mix with nothing of sqs-jobs in the
 * way: the same requests per job from the same number of processes, made with plain SDK clients.
 * `throughput / floor` is how much of that sqs-jobs keeps.
 */
export const floor: Scenario = {
  name: 'floor',
  summary: "the emulators' ceiling for POST /jobs's request mix, replayed with plain AWS SDK clients",
  after: ['throughput'],
  async run(options, progress, earlier): Promise<ScenarioResult> {
    const measured = throughputData(earlier, 'floor');
    const single = measured.modes.single;
    const instances = (name: string) => single.functions.find((fn) => fn.name === name)?.instances ?? 1;
    const plan = floorPlan({
      jobs: single.jobs,
      concurrency: measured.concurrency,
      requestsBySide: single.requestsBySide,
      apiInstances: instances('api'),
      workerInstances: instances('worker'),
      workerInvocations: single.functions.find((fn) => fn.name === 'worker')?.invocations ?? 0,
    });
    const run = await replayFloor(
      measured.setup,
      plan,
      { jobs: single.jobs, warmup: options.warmup, type: options.type },
      progress,
    );
    const ratio = run.jobsPerSecond > 0 ? single.completedPerSecond / run.jobsPerSecond : 0;
    const sides = [
      { side: 'API', measured: ['api'], replayed: run.requestsBySide.api },
      { side: 'worker', measured: ['worker', 'pollers'], replayed: run.requestsBySide.worker },
    ];
    const mix: Row[] = sides.flatMap(({ side, measured: from, replayed }) => {
      const was: Record<string, number> = {};
      for (const name of from)
        for (const [key, n] of Object.entries(single.requestsBySide[name] ?? {}))
          was[key] = (was[key] ?? 0) + n;
      const wasPerJob = perJob(was, single.jobs);
      const nowPerJob = perJob(replayed, run.jobs);
      const keys = [...new Set([...Object.keys(wasPerJob), ...Object.keys(nowPerJob)])]
        .filter((key) => !key.endsWith(':items'))
        .sort();
      return keys.map((key) => ({
        side,
        'per job': key,
        'sqs-jobs': wasPerJob[key] ?? 0,
        floor: nowPerJob[key] ?? 0,
      }));
    });
    return {
      table: [
        { measure: 'floor jobs/s (plain SDK, same request mix)', value: run.jobsPerSecond },
        { measure: 'throughput jobs/s (POST /jobs)', value: single.completedPerSecond },
        { measure: 'throughput / floor', value: ratio },
      ],
      tables: [{ title: 'Requests per job: measured through sqs-jobs, and replayed', rows: mix }],
      notes: [
        `API side: ${plan.api.processes} processes (the API function's instances), ${plan.api.concurrency} jobs in flight in all; ` +
          `worker side: ${plan.worker.processes} processes (the worker's instances), each receiving up to ${Math.min(10, measured.setup.batchSize)} messages at a time.`,
        "Floor jobs/s: first submit → last job's final UpdateItem. ReceiveMessage counts differ by design: the replay polls as it needs.",
        ...(plan.notReplayed.length > 0 ? [`Not replayed: ${plan.notReplayed.join(', ')}.`] : []),
      ],
      targets: [target('throughput / floor', ratio, '×', FLOOR_TARGET, true)],
      data: { plan, run, throughputJobsPerSecond: single.completedPerSecond, ratio },
    };
  },
};
