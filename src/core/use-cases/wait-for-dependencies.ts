import {
  DependencyFailedError,
  type DependencyOutcome,
  unresolvedDependencies,
  waitingVerdict,
} from '../dependencies.ts';
import type { JobEvents } from '../events.ts';
import { eachLimited } from '../iterate.ts';
import { type Job, jobMessageOf, toJobError } from '../job.ts';
import type { Clock, JobQueue, JobStore } from '../ports.ts';
import { expiryOf, type RetentionPolicy } from '../retention.ts';
import { isTerminal } from '../status.ts';

/** What moves waiting jobs on: the store, the queue for the released, and the retention of the ended. */
export interface DependencyDeps {
  readonly store: JobStore;
  readonly queue: Pick<JobQueue, 'send'>;
  readonly clock: Clock;
  readonly events?: JobEvents;
  /** The job types (their retention), for a job its dependency ended. */
  readonly specs?: Readonly<Record<string, { readonly retention?: RetentionPolicy }>>;
  /** The stack's retention for every finished job, over each type's own. */
  readonly retentionSeconds?: number;
}

/** Writes to dependents (or dependencies) in flight at once: a wide fan-out is spread, not burst. */
const FAN_OUT = 16;

/**
 * A job just ended: each job waiting for it records how (once, however often it is told), and those
 * it decides are released or ended — which, for an ended one, tells its own dependents in turn.
 * Called by whatever wrote the final status, with the job that write returned (its `dependents` as
 * of that write: one added later found the job final and recorded the outcome itself).
 */
export async function tellDependents(deps: DependencyDeps, job: Job): Promise<void> {
  if (!isTerminal(job.status) || !job.dependents?.length) return;
  const outcome = job.status as DependencyOutcome['status'];
  // They read this job's result when they run: it is kept until they finish (one write for all),
  // and kept first, since a dependent released below may run and finish before this call returns.
  await deps.store.keep(job.id, job.dependents);
  const finished: string[] = [];
  await eachLimited(job.dependents, FAN_OUT, async (id) => {
    const dependent = await deps.store.resolveDependency(id, job.id, outcome);
    if (dependent) {
      await settleWaiting(deps, dependent);
      return;
    }
    // Not waiting (rare): one that ended already, or is gone, will never let go by itself.
    const current = await deps.store.get(id);
    if (!current || isTerminal(current.status)) finished.push(id);
  });
  const expiresAt = expiryOf(
    specOf(deps, job.type)?.retention,
    outcome,
    deps.clock.now(),
    deps.retentionSeconds,
  );
  for (const id of finished) await deps.store.unkeep(job.id, id, expiresAt);
}

/**
 * A job just ended: its dependents are told (tellDependents), and the dependencies it kept from
 * expiring are let go, each expiring after its retention from now once no other dependent keeps it.
 */
export async function afterFinish(deps: DependencyDeps, job: Job): Promise<void> {
  await tellDependents(deps, job);
  if (!job.dependsOn?.length || !isTerminal(job.status)) return;
  const now = deps.clock.now();
  const kept = (await deps.store.getMany(job.dependsOn)).filter((d) => d.keptBy?.includes(job.id));
  await eachLimited(kept, FAN_OUT, async (dependency) => {
    const spec = specOf(deps, dependency.type);
    const expiresAt = expiryOf(
      spec?.retention,
      dependency.status as DependencyOutcome['status'],
      now,
      deps.retentionSeconds,
    );
    await deps.store.unkeep(dependency.id, job.id, expiresAt);
  });
}

/** Keeps the dependencies a job found ended when it was written: it reads them when it runs. */
export async function keepEndedDependencies(deps: Pick<DependencyDeps, 'store'>, job: Job): Promise<void> {
  if (isTerminal(job.status)) return;
  await eachLimited(Object.keys(job.dependencyOutcomes ?? {}), FAN_OUT, (id) =>
    deps.store.keep(id, [job.id]),
  );
}

function specOf(deps: DependencyDeps, type: string) {
  return deps.specs && Object.hasOwn(deps.specs, type) ? deps.specs[type] : undefined;
}

/**
 * A waiting job, just written (or reset to wait again), is linked to each dependency that has not
 * ended: added to its `dependents`. One that ended meanwhile refuses, and its outcome is recorded
 * here instead, so the race between a dependency ending and its dependent being submitted loses
 * nothing. Returns the job as the last change left it.
 */
export async function linkDependencies(
  deps: DependencyDeps,
  job: Job,
  /** The dependencies to link: by default every one whose outcome is not known; a batch leaves out its own items (written knowing their dependents). */
  ids: readonly string[] = unresolvedDependencies(job),
): Promise<Job> {
  let latest = job;
  await eachLimited(ids, FAN_OUT, async (id) => {
    const link = await deps.store.addDependent(id, job.id);
    if (link.kind === 'added') return;
    // Kept before the outcome is recorded: once recorded, this job may run and finish at once.
    if (link.kind === 'finished') await deps.store.keep(id, [job.id]);
    // A dependency removed meanwhile (its retention ran out) never completed for this job.
    const outcome = link.kind === 'finished' ? (link.job.status as DependencyOutcome['status']) : 'canceled';
    const resolved = await deps.store.resolveDependency(job.id, id, outcome);
    if (resolved) latest = await settleWaiting(deps, resolved);
  });
  // Also when nothing was left to link: dependencies known to have ended at submission decide it.
  return latest.status === 'waiting' ? settleWaiting(deps, latest) : latest;
}

/**
 * Decides a waiting job from the outcomes recorded on it: queued once every dependency ended (and
 * the policy lets it run), ended at once when one went wrong under `fail` or `skip`, else left
 * waiting. Each move is conditional on `waiting`, so of racing deciders one moves it.
 */
export async function settleWaiting(deps: DependencyDeps, job: Job): Promise<Job> {
  const verdict = waitingVerdict(job);
  if (verdict.kind === 'wait' || job.status !== 'waiting') return job;
  const now = deps.clock.now();
  if (verdict.kind === 'release') {
    const released = await deps.store.release(job.id, now);
    if (!released) return job;
    // A failed send leaves it pending without a message: the sweeper queues such jobs again.
    await deps.queue.send(jobMessageOf(released)).catch(() => undefined);
    deps.events?.emit({ name: 'JobEnqueued', jobId: job.id, type: job.type });
    return released;
  }
  const spec = specOf(deps, job.type);
  const error =
    verdict.status === 'failed'
      ? toJobError(new DependencyFailedError(verdict.dependency, verdict.outcome))
      : undefined;
  const ended = await deps.store.endWaiting(job.id, {
    move: verdict.status === 'failed' ? 'dependencyFailed' : 'dependencySkipped',
    now,
    ...(error ? { error } : {}),
    expiresAt: expiryOf(spec?.retention, verdict.status, now, deps.retentionSeconds),
  });
  if (!ended) return job;
  deps.events?.emit(
    error
      ? { name: 'JobFailed', jobId: job.id, type: job.type, error, reason: 'dependency' }
      : { name: 'JobCanceled', jobId: job.id, type: job.type },
  );
  await afterFinish(deps, ended);
  return ended;
}

/**
 * The sweeper's check of jobs waiting for long (the bound on a lost "tell"): a dependency's final
 * write whose writer died before telling its dependents, or a submission stopped half-way through
 * linking. Each dependency not yet recorded is read; those that ended are recorded now. Returns how
 * many jobs moved on.
 */
export async function checkWaitingJobs(
  deps: DependencyDeps,
  settings: { readonly olderThanSeconds: number; readonly limit: number },
): Promise<number> {
  const before = new Date(deps.clock.now().getTime() - settings.olderThanSeconds * 1000);
  const waiting = await deps.store.listByStatus('waiting', before, settings.limit);
  let moved = 0;
  for (const summary of waiting) {
    // The index holds no dependencies: the job is read whole, then its open dependencies at once.
    const job = await deps.store.get(summary.id);
    if (job?.status !== 'waiting') continue;
    let latest = job;
    const open = unresolvedDependencies(job);
    const found = new Map((await deps.store.getMany(open)).map((d) => [d.id, d]));
    for (const id of open) {
      const dependency = found.get(id);
      if (dependency && !isTerminal(dependency.status)) continue;
      // Kept first, as when told: once recorded, the job may run and finish at once.
      if (dependency) await deps.store.keep(id, [job.id]);
      const outcome = (dependency?.status ?? 'canceled') as DependencyOutcome['status'];
      latest = (await deps.store.resolveDependency(job.id, id, outcome)) ?? latest;
    }
    const settled = await settleWaiting(deps, latest);
    if (settled.status !== 'waiting') moved += 1;
  }
  return moved;
}

/** What a dependent's handler sees of its dependencies (`ctx.dependencies`), read when it starts. */
export async function readDependencies(
  store: Pick<JobStore, 'getMany'>,
  job: Job,
): Promise<Readonly<Record<string, DependencyOutcome>>> {
  if (!job.dependsOn?.length) return {};
  const found = await store.getMany(job.dependsOn);
  const outcomes: Record<string, DependencyOutcome> = {};
  for (const dependency of found) {
    if (!isTerminal(dependency.status)) continue;
    outcomes[dependency.id] = {
      id: dependency.id,
      type: dependency.type,
      status: dependency.status as DependencyOutcome['status'],
      ...(dependency.result === undefined ? {} : { result: dependency.result }),
      ...(dependency.error
        ? { error: { name: dependency.error.name, message: dependency.error.message } }
        : {}),
    };
  }
  return outcomes;
}
