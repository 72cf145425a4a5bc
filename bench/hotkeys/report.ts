import { type ScenarioResult, target } from '../scenario.ts';
import type { HotKey, WorkloadFigures } from './measure.ts';
import { RATE_PER_SECOND } from './workloads.ts';
import { WORKER_CONCURRENCY } from './world.ts';

/** The issue's target: no DynamoDB key (item or index partition) takes more per 1,000 jobs. */
export const TARGET_WRITES_PER_THOUSAND = 10;

/** The scenario's table, notes and target from each workload's figures; the target is held against the worst. */
export function hotkeysResult(figures: readonly WorkloadFigures[], jobs: number): ScenarioResult {
  const worst = figures.reduce((a, b) => (b.hottest.any.perThousand > a.hottest.any.perThousand ? b : a));
  const named = (key: HotKey) => `${key.label} (${key.perThousand})`;
  // One line per reason a key is hot, however many workloads share it.
  const reasons = new Map<string, string>();
  for (const { hottest } of figures)
    for (const key of [hottest.any, hottest.item, hottest.indexPartition, hottest.statsItem])
      if (key.writes > 0 && !reasons.has(key.label)) reasons.set(key.label, key.why);
  return {
    table: figures.map((f) => ({
      workload: f.workload,
      jobs: f.submitted,
      'hottest key': f.hottest.any.label,
      'any key /1k': f.hottest.any.perThousand,
      'item /1k': f.hottest.item.perThousand,
      'index partition /1k': f.hottest.indexPartition.perThousand,
      'stats item /1k': f.hottest.statsItem.perThousand,
      'refused writes /1k': Math.round((f.refusedWrites * 10_000) / f.submitted) / 10,
    })),
    tables: [
      {
        title: 'the hottest key of each kind (writes per 1,000 jobs)',
        rows: figures.map((f) => ({
          workload: f.workload,
          item: named(f.hottest.item),
          'index partition': named(f.hottest.indexPartition),
          'stats item': named(f.hottest.statsItem),
        })),
      },
    ],
    notes: [
      ...[...reasons].map(([label, why]) => `${label}: ${why}.`),
      `Workloads: ${figures.map((f) => `${f.workload}, ${f.how}`).join('; ')}.`,
      `Writes per key per 1,000 submitted jobs (batch callbacks run on top), each workload on fresh tables in one in-process dynalite, through submitJob/submitJobs, runJob (with the limits and the hold tally), the sweeper and the stats run each minute, on a virtual clock at ${RATE_PER_SECOND} submissions/s, the worker polling each virtual second with ${WORKER_CONCURRENCY} deliveries at once (the deployed default: 4 instances × batches of 10).`,
      'refused writes: conditional writes DynamoDB refused (racing acquires of a limit slot, a rate second used up, …), counted among their items’ writes.',
      'Counted: every PutItem, UpdateItem, DeleteItem, BatchWriteItem item and TransactWriteItems item (none are used); a write refused by its condition counts on its item (DynamoDB charges it there) but writes no index. Index writes follow DynamoDB’s rule on the item before and after each write: entering or leaving a partition is one write there, a changed index key (the status, or updatedAt, its sort key) one on the old place and one on the new, and an update keeping the keys one only if it changed a projected attribute.',
      'Indexes and projections are the deployed ones, read from src/cdk/constructs/jobs-table.ts (byStatus INCLUDE, scheduledByRunAt INCLUDE type), not the emulator table’s (byStatus ALL, where the dependency, keep and hold writes would also write byStatus).',
      'Not exercised: heartbeats (a noop takes no time; a running job renews its lease every 5 s, a write on its item and, leaseExpiresAt being projected, on byStatus status=running), retries and failures, idempotency keys, recurring schedules. The queue is in memory (SQS traffic is not DynamoDB’s).',
    ],
    targets: [
      target(
        `writes per 1,000 jobs on the hottest key (worst workload: ${worst.workload}, ${worst.hottest.any.label})`,
        worst.hottest.any.perThousand,
        'writes',
        TARGET_WRITES_PER_THOUSAND,
        false,
      ),
    ],
    data: { jobsPerWorkload: jobs, ratePerSecond: RATE_PER_SECOND, workloads: figures },
  };
}
