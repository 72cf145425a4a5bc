import { setTimeout as sleep } from 'node:timers/promises';
import { addRequestCounts, type RequestCounts } from '../../src/adapters/aws/request-counter.ts';
import type { BenchRuntime } from '../bench-runtime.ts';
import {
  diffCounts,
  type FunctionUsage,
  functionUsage,
  type Percentiles,
  percentiles,
  perSecond,
} from '../measure.ts';
import type { Progress } from '../scenario.ts';
import type { Submitted } from '../submit.ts';

/** The three ways in: one POST /jobs per job, POST /jobs/batch, the direct producer. */
export type ModeName = 'single' | 'batch' | 'producer';

/** One mode's measured run (the JSON keeps it whole; floor and cost read it back). */
export interface ModeFigures {
  readonly mode: ModeName;
  /** "POST /jobs", "POST /jobs/batch of 100", … */
  readonly label: string;
  readonly jobs: number;
  /** First submit → last accepted. */
  readonly submittedMs: number;
  /** First submit → last job's finishedAt. */
  readonly elapsedMs: number;
  readonly acceptedPerSecond: number;
  readonly completedPerSecond: number;
  /** The client's send time → the job's finishedAt. */
  readonly latencyMs: Percentiles;
  /** Every AWS request of the run, by "Service.Operation" (batch writes' items under ":items"). */
  readonly requests: RequestCounts;
  /** The same by who sent them: a function's short name, "pollers" (the event sources), "producer". */
  readonly requestsBySide: Readonly<Record<string, RequestCounts>>;
  readonly functions: readonly FunctionUsage[];
  /** Parents per child, when the jobs went in as fan-ins. */
  readonly fanIn?: number;
  /** One completed job of the run (the floor copies its item). */
  readonly sampleJobId: string;
}

export interface ModePlan {
  readonly mode: ModeName;
  readonly label: string;
  readonly fanIn?: number;
  /** Submits n jobs, reporting how many were accepted so far. */
  readonly submit: (n: number, onAccepted: (accepted: number) => void) => Promise<Submitted[]>;
  /** Requests made in this process (the producer's); drained by each call. */
  readonly ownRequests?: () => RequestCounts;
}

/** Time for n jobs to drain: generous, since a slow shared machine is no reason to fail a run. */
export function drainTimeoutMs(jobs: number): number {
  return 60_000 + jobs * 100;
}

/**
 * Warm-up (not measured), then n jobs through the plan's way in, until every one completed. The
 * runtime's counters are read before and after, so one runtime can serve several modes in turn.
 */
export async function runMode(
  bench: BenchRuntime,
  plan: ModePlan,
  counts: { readonly jobs: number; readonly warmup: number },
  progress: Progress,
): Promise<ModeFigures> {
  const { runtime, observer } = bench;
  if (counts.warmup > 0) {
    progress.phase(`warm-up, ${plan.label}`, counts.warmup);
    await plan.submit(counts.warmup, (accepted) => progress.update(accepted));
    await observer.drained(drainTimeoutMs(counts.warmup));
    // Let the last deletes land before reading the counters.
    await sleep(500);
  }
  plan.ownRequests?.();
  const bySideBefore = bySide(runtime.requestCountsBySource());
  const statsBefore = runtime.functionStats();

  progress.phase(`submitting, ${plan.label}`, counts.jobs);
  const started = Date.now();
  const submitted = await plan.submit(counts.jobs, (accepted) => progress.update(accepted));
  const submittedMs = Date.now() - started;
  progress.phase(`completing, ${plan.label}`, counts.jobs);
  await observer.drained(drainTimeoutMs(counts.jobs), (left) => progress.update(counts.jobs - left));
  await sleep(1_000);

  const own = plan.ownRequests?.();
  const after = bySide(runtime.requestCountsBySource());
  const requestsBySide: Record<string, RequestCounts> = {};
  for (const [side, now] of Object.entries(after)) {
    const grown = diffCounts(now, bySideBefore[side] ?? {});
    if (Object.keys(grown).length > 0) requestsBySide[side] = grown;
  }
  if (own && Object.keys(own).length > 0) requestsBySide.producer = own;
  const requests: RequestCounts = {};
  for (const counted of Object.values(requestsBySide)) addRequestCounts(requests, counted);

  const jobs = await observer.jobs(submitted.map((job) => job.id));
  const completed = new Map(
    jobs.filter((job) => job.status === 'completed').map((job) => [job.id, Date.parse(job.finishedAt)]),
  );
  const missing = submitted.filter((job) => !completed.has(job.id));
  if (missing.length > 0)
    throw new Error(
      `${plan.label}: ${missing.length} of ${submitted.length} accepted jobs did not complete (e.g. ${missing
        .slice(0, 5)
        .map((job) => job.id)
        .join(', ')})`,
    );
  const lastFinished = Math.max(...completed.values());
  return {
    mode: plan.mode,
    label: plan.label,
    jobs: counts.jobs,
    submittedMs,
    elapsedMs: lastFinished - started,
    acceptedPerSecond: perSecond(counts.jobs, submittedMs),
    completedPerSecond: perSecond(counts.jobs, lastFinished - started),
    latencyMs: percentiles(submitted.map((job) => (completed.get(job.id) ?? 0) - job.sentAt)),
    requests,
    requestsBySide,
    functions: functionUsage(statsBefore, runtime.functionStats()),
    ...(plan.fanIn === undefined ? {} : { fanIn: plan.fanIn }),
    sampleJobId: submitted[0]?.id ?? '',
  };
}

/** The runtime's counts keyed by side: each function by name, the pollers as "pollers". */
function bySide(counts: {
  readonly functions: Readonly<Record<string, RequestCounts>>;
  readonly runtime: RequestCounts;
}): Record<string, RequestCounts> {
  return { ...counts.functions, pollers: counts.runtime };
}
