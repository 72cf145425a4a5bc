import { withBenchRuntime } from '../bench-runtime.ts';
import { perSecond } from '../measure.ts';
import {
  type Scenario,
  ScenarioFailedError,
  type ScenarioResult,
  type TargetCheck,
  target,
} from '../scenario.ts';
import { postBatches } from '../submit.ts';
import type { Row } from '../suite/table.ts';
import { drainTimeoutMs } from '../throughput/run-mode.ts';

/** Seed 004's table: jobs and the worker concurrency (-c workerConcurrency) they ran on. */
export const SEED_RUNS = [
  { jobs: 50, workers: 4 },
  { jobs: 500, workers: 8 },
  { jobs: 1000, workers: 16 },
] as const;

/** Missing ids printed in the failure's message; the JSON keeps them all. */
const IDS_SHOWN = 20;

/**
 * Seed 004's runs again: each on a fresh runtime synthesized with its worker concurrency, its jobs
 * through POST /jobs/batch (100 to a request), cold (no warm-up). Every job must complete.
 */
export const seed: Scenario = {
  name: 'seed',
  summary: "seed 004's table: 50 jobs on 4 workers, 500 on 8, 1,000 on 16, each on a fresh runtime",
  async run(options, progress): Promise<ScenarioResult> {
    const rows: Row[] = [];
    const targets: TargetCheck[] = [];
    const missing: Record<string, string[]> = {};
    for (const run of SEED_RUNS) {
      const context = { workerConcurrency: String(run.workers) };
      await withBenchRuntime(
        options,
        progress,
        async ({ apiUrl, observer }) => {
          progress.phase(`${run.jobs} jobs on ${run.workers} workers: submitting`, run.jobs);
          const started = Date.now();
          const submitted = await postBatches(apiUrl, run.jobs, { size: 100 }, options, (n) =>
            progress.update(n),
          );
          progress.phase(`${run.jobs} jobs on ${run.workers} workers: completing`, run.jobs);
          // A run that does not drain in time is reported with its missing jobs, not as a timeout.
          await observer
            .drained(drainTimeoutMs(run.jobs), (left) => progress.update(run.jobs - left))
            .catch((error: unknown) => progress.log(String(error)));
          const jobs = await observer.jobs(submitted.map((job) => job.id));
          const done = jobs.filter((job) => job.status === 'completed');
          const completedIds = new Set(done.map((job) => job.id));
          const notDone = submitted.map((job) => job.id).filter((id) => !completedIds.has(id));
          if (notDone.length > 0) missing[`${run.jobs} on ${run.workers}`] = notDone;
          const lastFinished = Math.max(started, ...done.map((job) => Date.parse(job.finishedAt)));
          const seconds = (lastFinished - started) / 1000;
          const percent = (done.length / run.jobs) * 100;
          targets.push(
            target(`${run.jobs} jobs on ${run.workers} workers, completed`, percent, '%', 100, true),
          );
          rows.push({
            jobs: run.jobs,
            workers: run.workers,
            'completed %': percent,
            's to 100 %': notDone.length === 0 ? seconds : '—',
            'jobs/s': notDone.length === 0 ? perSecond(run.jobs, lastFinished - started) : '—',
          });
        },
        context,
      );
    }
    const lost = Object.entries(missing);
    if (lost.length > 0) {
      const ids = lost.flatMap(([, list]) => list);
      throw new ScenarioFailedError(
        `not every job completed (${lost.map(([run, list]) => `${run}: ${list.length} missing`).join('; ')}): ` +
          `${ids.slice(0, IDS_SHOWN).join(', ')}${ids.length > IDS_SHOWN ? `, … ${ids.length - IDS_SHOWN} more in bench/results/seed.json` : ''}`,
        { table: rows, missing },
      );
    }
    return {
      table: rows,
      notes: [
        'Each run on a fresh runtime synthesized with -c workerConcurrency=<workers>, cold (no warm-up);',
        'jobs/s and seconds: first POST /jobs/batch → last finishedAt.',
      ],
      targets,
      data: { runs: rows },
    };
  },
};
