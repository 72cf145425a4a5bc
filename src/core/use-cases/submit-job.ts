import { DEFAULT_DEPENDENCY_POLICY, UnknownDependencyError, waitingVerdict } from '../dependencies.ts';
import { EnqueueError, ValidationError } from '../errors.ts';
import type { JobEvents } from '../events.ts';
import { type Job, jobMessageOf, newJob } from '../job.ts';
import type { Clock, IdempotencyKeys, JobQueue, JobStore, SendOptions } from '../ports.ts';
import type { Priority } from '../priority.ts';
import type { SpecRegistry } from '../registry.ts';
import type { FinishedStatus } from '../stats/window.ts';
import { isTerminal } from '../status.ts';
import { parseSubmission, type Submission } from '../submission.ts';
import { type Placement, placement, runAtOf } from '../timing.ts';
import { admitKey, type KeyOutcome } from './admit-key.ts';
import { keepEndedDependencies, linkDependencies } from './wait-for-dependencies.ts';

export interface SubmitJobDeps {
  readonly store: JobStore;
  /** Where idempotency keys are held; a submission with a key is refused without it. */
  readonly keys?: IdempotencyKeys;
  /** Only sends: a use case takes the part of the port it uses. */
  readonly queue: Pick<JobQueue, 'send'>;
  readonly specs: SpecRegistry;
  readonly clock: Clock;
  readonly newId: () => string;
  readonly maxAttemptsLimit?: number;
  /**
   * Jobs due later than this are stored `scheduled` rather than queued with a delay: 1–900 s (SQS's
   * longest delay, the default); shorter only to try the scheduled path without waiting.
   */
  readonly scheduleHorizonSeconds?: number;
  /** Where JobEnqueued is reported, once the job is accepted. */
  readonly events?: JobEvents;
  /**
   * The backpressure guard: throws BackpressureError when the queue of this priority holds too much
   * already. Asked after validation (a bad request is a 400 whatever the backlog), before any write.
   */
  readonly admit?: (priority: Priority) => Promise<void>;
}

/** What a dependent's submission found of its dependencies: their ids, and those that ended already. */
export interface KnownDependencies {
  /** `dependsOn` with batch positions turned into the ids of those items. */
  readonly ids: readonly string[];
  readonly outcomes: Readonly<Record<string, FinishedStatus>>;
}

/**
 * A new job for a parsed submission, and where it goes: the queue (with a delay), `scheduled`, or
 * `waiting` for its dependencies (queued at once when every one of them completed already).
 */
export function placeJob(
  deps: Pick<SubmitJobDeps, 'newId' | 'scheduleHorizonSeconds'>,
  submission: Submission,
  now: Date,
  options: {
    readonly id?: string;
    readonly dependencies?: KnownDependencies;
    /** Items of the same batch that wait for this one. */
    readonly dependents?: readonly string[];
    readonly batchId?: string;
    readonly onCompleteOf?: string;
  } = {},
): { readonly job: Job; readonly placed: Placement } {
  const { timing, dependsOn: _refs, onDependencyFailure, ...fields } = submission;
  const runAt = runAtOf(timing, now);
  const placed = placement(runAt, now, deps.scheduleHorizonSeconds);
  const dependencies = options.dependencies && {
    dependsOn: options.dependencies.ids,
    policy: onDependencyFailure ?? DEFAULT_DEPENDENCY_POLICY,
    outcomes: options.dependencies.outcomes,
  };
  const waits =
    dependencies !== undefined &&
    waitingVerdict({ ...dependencies, dependencyOutcomes: dependencies.outcomes }).kind !== 'release';
  const job = newJob({
    id: options.id ?? deps.newId(),
    ...fields,
    now,
    status: waits ? 'waiting' : placed.status,
    ...(runAt ? { runAt } : {}),
    ...(dependencies ? { dependencies } : {}),
    ...(options.dependents ? { dependents: options.dependents } : {}),
    ...(options.batchId ? { batchId: options.batchId } : {}),
    ...(options.onCompleteOf ? { onCompleteOf: options.onCompleteOf } : {}),
  });
  return { job, placed };
}

/**
 * The dependencies a submission names by id, read at once: any that does not exist is a 400
 * (UnknownDependency), and those that ended already are known from the start.
 */
export async function readKnownDependencies(
  store: Pick<JobStore, 'getMany'>,
  ids: readonly string[],
): Promise<{ readonly found: ReadonlyMap<string, Job>; readonly missing: readonly string[] }> {
  const found = new Map((await store.getMany(ids)).map((job) => [job.id, job]));
  return { found, missing: ids.filter((id) => !found.has(id)) };
}

/** The outcomes of those of `ids` that ended, as `found` has them. */
export function endedOutcomes(
  ids: readonly string[],
  found: ReadonlyMap<string, Job>,
): Record<string, FinishedStatus> {
  const outcomes: Record<string, FinishedStatus> = {};
  for (const id of ids) {
    const status = found.get(id)?.status;
    if (status && isTerminal(status)) outcomes[id] = status as FinishedStatus;
  }
  return outcomes;
}

/** What a submission became: a new job, or, for an idempotency key already held, the key's first job. */
export interface Submitted {
  readonly job: Job;
  /** True when `job` is the first job of this idempotency key, returned again; nothing was created. */
  readonly duplicate: boolean;
}

/**
 * Validates, writes the record, then sends the message. The record goes first so a worker never
 * receives a message for a job it cannot find; if the send fails the record is rolled back and the
 * caller gets an error, so a job is only ever accepted when its message is on the queue. A job due
 * beyond the horizon is only written, `scheduled`: the sweeper sends its message when its time nears.
 * With an idempotency key the key is taken after the record is written (admitKey) and before the
 * send; a duplicate's record is removed, and the key's first job is the answer.
 */
export async function submitJob(deps: SubmitJobDeps, body: unknown): Promise<Submitted> {
  const submission = parseSubmission(body, deps.specs, deps.maxAttemptsLimit);
  await deps.admit?.(submission.priority);
  const dependencies = await dependenciesOf(deps, submission);
  const { job, placed } = placeJob(deps, submission, deps.clock.now(), dependencies ? { dependencies } : {});
  await deps.store.create(job);
  const { idempotencyKey } = submission;
  if (idempotencyKey !== undefined) {
    const outcome = await admitOrRemove(deps, { ...submission, idempotencyKey }, job);
    if (outcome.kind === 'duplicate') return { job: outcome.job, duplicate: true };
  }
  // Dependencies that ended already are read when it runs: they are kept until it finishes.
  await keepEndedDependencies(deps, job).catch(() => undefined);
  if (job.status === 'waiting') {
    try {
      return { job: await linkDependencies(deps, job), duplicate: false };
    } catch (error) {
      // Not accepted: the job is taken back (a dependency already told it nothing it can act on),
      // and the dependencies it kept are let go.
      await deps.store.removePending(job.id).catch(() => undefined);
      await releaseKept(deps, job);
      if (idempotencyKey !== undefined)
        await deps.keys?.release(idempotencyKey, job.id).catch(() => undefined);
      throw error;
    }
  }
  if (placed.status === 'pending') {
    try {
      await deps.queue.send(jobMessageOf(job), delayed(placed.delaySeconds));
    } catch (error) {
      await deps.store.removePending(job.id).catch(() => {
        // The rollback failed too: the job stays pending with no message. It is never reported as
        // accepted; the sweeper re-enqueues such jobs.
      });
      if (idempotencyKey !== undefined)
        await deps.keys?.release(idempotencyKey, job.id).catch(() => undefined);
      throw new EnqueueError(job.id, error);
    }
  }
  deps.events?.emit({ name: 'JobEnqueued', jobId: job.id, type: job.type });
  return { job, duplicate: false };
}

/** Lets go of the ended dependencies a job that was taken back may have kept (they expire an hour on). */
export async function releaseKept(deps: Pick<SubmitJobDeps, 'store' | 'clock'>, job: Job): Promise<void> {
  const expiresAt = new Date(deps.clock.now().getTime() + 3_600_000);
  await Promise.all(
    (job.dependsOn ?? []).map((id) => deps.store.unkeep(id, job.id, expiresAt).catch(() => undefined)),
  );
}

/** A single submission's dependencies: ids only (a position names a batch item), each one existing. */
async function dependenciesOf(
  deps: Pick<SubmitJobDeps, 'store'>,
  submission: Submission,
): Promise<KnownDependencies | undefined> {
  if (!submission.dependsOn) return undefined;
  const position = submission.dependsOn.find((ref) => typeof ref === 'number');
  if (position !== undefined)
    throw new ValidationError(
      `dependsOn: ${position} names an item of a batch; a single job names its dependencies by id.`,
      { field: 'dependsOn', dependency: position },
    );
  const ids = submission.dependsOn.map(String);
  const { found, missing } = await readKnownDependencies(deps.store, ids);
  const unknown = missing[0];
  if (unknown !== undefined) throw new UnknownDependencyError(unknown);
  return { ids, outcomes: endedOutcomes(ids, found) };
}

/** admitKey, removing the new record unless it was admitted (a duplicate, a refusal, an error). */
export async function admitOrRemove(
  deps: Pick<SubmitJobDeps, 'store' | 'keys' | 'specs' | 'clock'>,
  submission: Submission & { readonly idempotencyKey: string },
  job: Job,
): Promise<KeyOutcome> {
  try {
    if (!deps.keys)
      throw new ValidationError('This API takes no idempotency keys.', { field: 'idempotencyKey' });
    const outcome = await admitKey({ ...deps, keys: deps.keys }, submission, job);
    if (outcome.kind === 'admitted') return outcome;
    await deps.store.removePending(job.id).catch(() => undefined);
    return outcome;
  } catch (error) {
    await deps.store.removePending(job.id).catch(() => undefined);
    throw error;
  }
}

/** Send options for a delay: none at all for 0, so an undelayed send is the plain one. */
export function delayed(delaySeconds: number): SendOptions | undefined {
  return delaySeconds > 0 ? { delaySeconds } : undefined;
}
