import { startEmulators } from '../../test/helpers/emulators.ts';
import { measureWorkload, type WorkloadFigures } from '../hotkeys/measure.ts';
import { hotkeysResult } from '../hotkeys/report.ts';
import { WORKLOADS } from '../hotkeys/workloads.ts';
import type { Progress, Scenario, ScenarioResult } from '../scenario.ts';
import { countWritesPerKey } from '../write-counter.ts';

/** Jobs per workload: the figures are per 1,000 jobs, so that is what each workload pushes. */
const JOBS_PER_WORKLOAD = 1_000;

/**
 * The most writes any single DynamoDB key receives per 1,000 jobs, in six workloads that use the
 * features (batches, fan-in, limits, scheduled jobs, batch callbacks) through the real use cases on
 * an in-process dynalite. Reads no suite option: every workload pushes 1,000 jobs.
 */
export const hotkeys: Scenario = {
  name: 'hotkeys',
  summary:
    'hot keys: the most writes any one DynamoDB key (item, index partition, stats item) takes per 1,000 jobs, per feature',
  run: (_options, progress) => runHotkeys(JOBS_PER_WORKLOAD, progress),
};

/**
 * The scenario's run with `jobs` per workload. A smaller number gives a quick look; its figures are
 * scaled to 1,000 jobs, which overstates keys whose writes do not grow with the jobs (a fan-in child's).
 */
export async function runHotkeys(jobs: number, progress: Progress): Promise<ScenarioResult> {
  const emulators = await startEmulators();
  const counter = countWritesPerKey(emulators.clients.dynamo);
  const figures: WorkloadFigures[] = [];
  try {
    for (const workload of WORKLOADS) {
      const result = await measureWorkload(emulators, counter, workload, jobs, seeded(7), progress);
      progress.log(
        `${workload.name}: ${result.hottest.any.perThousand} writes per 1,000 jobs on ${result.hottest.any.label}`,
      );
      figures.push(result);
    }
  } finally {
    await emulators.stop();
  }
  return hotkeysResult(figures, jobs);
}

/** A small seeded generator (mulberry32): the holds' jitter is the same from run to run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
