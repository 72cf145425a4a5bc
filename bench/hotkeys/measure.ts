import { performance } from 'node:perf_hooks';
import type { Emulators } from '../../test/helpers/emulators.ts';
import type { Progress } from '../scenario.ts';
import type { countWritesPerKey } from '../write-counter.ts';
import {
  describeIndexPartition,
  describeJobsItem,
  describeStatsItem,
  describeStatsPartition,
  type KeyStory,
} from './describe.ts';
import { hotkeyJobs, type Workload } from './workloads.ts';
import { createWorld } from './world.ts';

/** A workload's run may take this long in virtual time before it is called stuck. */
const MAX_VIRTUAL_SECONDS = 3 * 3600;

export interface HotKey extends KeyStory {
  /** Writes counted in the run. */
  readonly writes: number;
  /** The same per 1,000 submitted jobs. */
  readonly perThousand: number;
}

export interface WorkloadFigures {
  readonly workload: string;
  readonly how: string;
  readonly submitted: number;
  /** Jobs run to completion (batch callbacks included). */
  readonly completed: number;
  readonly statsRuns: number;
  readonly sweeps: number;
  readonly virtualSeconds: number;
  readonly realMs: number;
  /** Item writes refused by their condition (counted among the item's writes). */
  readonly refusedWrites: number;
  readonly hottest: {
    readonly any: HotKey;
    readonly item: HotKey;
    readonly indexPartition: HotKey;
    readonly statsItem: HotKey;
  };
  /** The five most written of each kind, for the JSON. */
  readonly top: Readonly<Record<'items' | 'indexPartitions' | 'statsItems' | 'statsPartitions', HotKey[]>>;
}

type Counter = ReturnType<typeof countWritesPerKey>;

const NONE: HotKey = { label: 'none', why: 'no writes', writes: 0, perThousand: 0 };

/** Runs one workload on fresh tables with the counter on, and names its hottest keys. */
export async function measureWorkload(
  emulators: Emulators,
  counter: Counter,
  workload: Workload,
  jobs: number,
  random: () => number,
  progress: Progress,
): Promise<WorkloadFigures> {
  progress.phase(`hotkeys ${workload.name}: ${jobs} jobs`, jobs);
  const world = await createWorld(emulators, {
    jobs: hotkeyJobs,
    random,
    ...(workload.scheduleHorizonSeconds ? { scheduleHorizonSeconds: workload.scheduleHorizonSeconds } : {}),
    onCompleted: (done) => progress.update(Math.min(done, jobs)),
  });
  const startedAt = world.clock.now().getTime();
  const started = performance.now();
  counter.reset();
  counter.enabled = true;
  let expected: number;
  try {
    expected = await workload.submit(world, jobs);
    await world.settle(expected, MAX_VIRTUAL_SECONDS);
  } finally {
    counter.enabled = false;
  }
  progress.update(jobs);
  const scale = (writes: number) => Math.round((writes * 10_000) / jobs) / 10;
  const hot = (story: KeyStory, writes: number): HotKey => ({ ...story, writes, perThousand: scale(writes) });
  const jobsPrefix = `${world.tables.jobs}:`;
  const statsPrefix = `${world.tables.stats}:`;
  const all = counter.top(Number.POSITIVE_INFINITY);
  const items = all
    .filter(([key]) => key.startsWith(jobsPrefix))
    .map(([key, n]) => {
      const id = key.slice(`${jobsPrefix}id=`.length);
      return hot(describeJobsItem(id, counter.imageOf(key)), n);
    });
  const statsItems = all
    .filter(([key]) => key.startsWith(statsPrefix))
    .map(([key, n]) => {
      const { pk = '', sk = '' } = Object.fromEntries(
        key
          .slice(statsPrefix.length)
          .split(',')
          .map((part) => part.split('=', 2) as [string, string]),
      );
      return hot(describeStatsItem(pk, sk), n);
    });
  const indexPartitions = counter.indexTop().map(([name, n]) => hot(describeIndexPartition(name), n));
  const statsPartitions = counter
    .partitionTop()
    .filter(([key]) => key.startsWith(statsPrefix))
    .map(([key, n]) =>
      hot(describeStatsPartition(key.slice(`${statsPrefix}pk=`.length), world.statsRuns), n),
    );
  const first = (list: HotKey[]) => list[0] ?? NONE;
  const any = [first(items), first(indexPartitions), first(statsItems), first(statsPartitions)].reduce(
    (a, b) => (b.writes > a.writes ? b : a),
  );
  return {
    workload: workload.name,
    how: workload.how,
    submitted: jobs,
    completed: world.completed,
    statsRuns: world.statsRuns,
    sweeps: world.sweeps,
    virtualSeconds: Math.round((world.clock.now().getTime() - startedAt) / 1000),
    realMs: Math.round(performance.now() - started),
    refusedWrites: counter.refused,
    hottest: {
      any,
      item: first(items),
      indexPartition: first(indexPartitions),
      statsItem: first(statsItems),
    },
    top: {
      items: items.slice(0, 5),
      indexPartitions: indexPartitions.slice(0, 5),
      statsItems: statsItems.slice(0, 5),
      statsPartitions: statsPartitions.slice(0, 5),
    },
  };
}
