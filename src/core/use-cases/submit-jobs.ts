import { BackpressureError } from '../backpressure.ts';
import type { BatchOptions } from '../batch.ts';
import {
  type DependencyRef,
  DependencyRefusedError,
  UnknownDependencyError,
  unresolvedDependencies,
  unstartableItems,
} from '../dependencies.ts';
import {
  EnqueueError,
  type ErrorDetails,
  PayloadTooLargeError,
  SqsJobsError,
  ValidationError,
} from '../errors.ts';
import { eachLimited } from '../iterate.ts';
import { type Job, type JobMessage, jobMessageOf } from '../job.ts';
import type { BatchStore, JobQueue } from '../ports.ts';
import type { Priority } from '../priority.ts';
import type { JobStatus } from '../status.ts';
import { MAX_SUBMISSION_BYTES, parseSubmission, type Submission } from '../submission.ts';
import type { Placement } from '../timing.ts';
import {
  admitOrRemove,
  delayed,
  endedOutcomes,
  placeJob,
  readKnownDependencies,
  releaseKept,
  type SubmitJobDeps,
} from './submit-job.ts';
import { keepEndedDependencies, linkDependencies } from './wait-for-dependencies.ts';

export interface SubmitJobsDeps extends Omit<SubmitJobDeps, 'queue'> {
  /** Where batches are recorded; a request with `batch` is refused without it. */
  readonly batches?: BatchStore;
  /** Batches of messages; `send` for a dependent its dependencies' end releases at once. */
  readonly queue: Pick<JobQueue, 'send' | 'sendBatch'>;
}

/** The most jobs one batch submit takes. */
export const MAX_BATCH_JOBS = 500;
/** The largest batch body: 500 jobs of 8 KB, under Lambda's 6 MB request limit. */
export const MAX_BATCH_BYTES = 4 * 1024 * 1024;

/** One item's answer, in the order submitted: accepted (queued, or scheduled for later), or refused with why. */
export type BatchItemResult =
  | {
      readonly accepted: true;
      readonly id: string;
      readonly status: JobStatus;
      /** Its idempotency key was taken: this is the key's first job (its status now); nothing was created. */
      readonly duplicate?: true;
    }
  | {
      readonly accepted: false;
      readonly error: { readonly code: string; readonly message: string; readonly details: ErrorDetails };
    };

/** What became of a batch: the counts, and one result per job in the order submitted. */
export interface BatchOutcome {
  readonly accepted: number;
  readonly rejected: number;
  readonly results: readonly BatchItemResult[];
  /** With `batch`: the batch's id (GET /batches/{id}); absent when no job was accepted. */
  readonly batchId?: string;
}

/**
 * Submits many jobs, each judged on its own: an invalid item is refused with its error and never
 * sinks the valid ones. The valid ones are written in batches (BatchWriteItem, 25 a request), then
 * their messages sent in batches (SendMessageBatch, 10 a request), record before message as for one
 * job: a job whose record or message could not be written is removed and refused (EnqueueFailed), so
 * an accepted job is always stored and queued, and a refused one never runs.
 */
export async function submitJobs(
  deps: SubmitJobsDeps,
  bodies: readonly unknown[],
  options: { readonly batch?: BatchOptions } = {},
): Promise<BatchOutcome> {
  if (bodies.length === 0 || bodies.length > MAX_BATCH_JOBS)
    throw new ValidationError(`A batch holds 1–${MAX_BATCH_JOBS} jobs; this one holds ${bodies.length}.`, {
      field: 'jobs',
      count: bodies.length,
    });
  const batch = options.batch ? batchPlan(deps, options.batch) : undefined;
  const results: BatchItemResult[] = new Array(bodies.length);
  const parsed: { readonly index: number; readonly submission: Submission }[] = [];
  const now = deps.clock.now();
  for (const [index, body] of bodies.entries()) {
    try {
      const bytes = Buffer.byteLength(JSON.stringify(body) ?? '');
      if (bytes > MAX_SUBMISSION_BYTES) throw new PayloadTooLargeError(bytes, MAX_SUBMISSION_BYTES);
      parsed.push({ index, submission: parseSubmission(body, deps.specs, deps.maxAttemptsLimit) });
    } catch (error) {
      if (!(error instanceof SqsJobsError)) throw error;
      results[index] = refused(error);
    }
  }
  await refuseFullQueues(deps, parsed, results);
  const jobs = await placeBatch(deps, parsed, results, bodies.length, now, batch);
  let batchId: string | undefined;
  if (jobs.length > 0) {
    const unstored = new Set((await deps.store.createMany(jobs.map(({ job }) => job))).failed);
    // Keys are taken one job at a time (a conditional write each), after the records exist: a
    // duplicate (also of an earlier item of this batch) answers with the key's first job.
    const answered = new Set<string>();
    await Promise.all(
      jobs.map(async ({ index, job, submission }) => {
        const { idempotencyKey } = submission;
        if (unstored.has(job.id) || idempotencyKey === undefined) return;
        try {
          const outcome = await admitOrRemove(deps, { ...submission, idempotencyKey }, job);
          if (outcome.kind === 'admitted') return;
          results[index] = {
            accepted: true,
            id: outcome.job.id,
            status: outcome.job.status,
            duplicate: true,
          };
        } catch (error) {
          if (!(error instanceof SqsJobsError)) throw error;
          results[index] = refused(error);
        }
        answered.add(job.id);
      }),
    );
    // A job waiting for an item that will not run is taken back, and so on down the chain; the
    // others are linked to the dependencies outside the batch that have not ended.
    const lost = new Set([...unstored, ...answered]);
    await takeBackDependents(deps, jobs, lost, results);
    // A batch is all or nothing where storage is concerned: a job that could not be stored, linked
    // or queued takes the whole batch back (its callback would wait for a job that never runs).
    const members = jobs.filter(({ job }) => !lost.has(job.id));
    const whole = batch && members.length > 0 ? batch : undefined;
    const undo = async (error: unknown): Promise<never> => {
      await rollBack(deps, members, whole);
      throw error instanceof SqsJobsError ? error : new EnqueueError(members[0]?.job.id ?? '', error);
    };
    if (whole && unstored.size > 0) await undo(new EnqueueError([...unstored][0] ?? '', undefined));
    if (whole?.callback) await deps.store.create(callbackJob(deps, whole, members, now)).catch(undo);
    await eachLimited(
      jobs.filter(({ job }) => job.status === 'waiting' && !lost.has(job.id)),
      16,
      async ({ index, job, submission }) => {
        try {
          // Only those outside the batch: its own items were written knowing this one waits.
          const outside = (submission.dependsOn ?? []).filter(isJobId);
          const open = new Set(unresolvedDependencies(job));
          await linkDependencies(
            deps,
            job,
            outside.filter((id) => open.has(id)),
          );
        } catch (error) {
          if (whole) await undo(error);
          await deps.store.removePending(job.id).catch(() => undefined);
          lost.add(job.id);
          results[index] = refused(error instanceof SqsJobsError ? error : new EnqueueError(job.id, error));
        }
      },
    );
    await takeBackDependents(deps, jobs, lost, results);
    // Dependencies outside the batch that ended already are kept until their dependents finish.
    await eachLimited(
      jobs.filter(({ job }) => !lost.has(job.id)),
      16,
      async ({ job }) => keepEndedDependencies(deps, job).catch(() => undefined),
    );
    if (whole) {
      await batchStore(deps)
        .create({
          id: whole.id,
          createdAt: now.toISOString(),
          jobIds: members.map(({ job }) => job.id),
          ...(whole.callback ? { callbackJobId: whole.callback.id } : {}),
        })
        .catch(undo);
      batchId = whole.id;
    }
    // Scheduled and waiting jobs have no message yet; the others are sent in one batch per delay.
    const byDelay = new Map<number, JobMessage[]>();
    for (const { job, placed } of jobs) {
      if (lost.has(job.id) || job.status !== 'pending' || placed.status !== 'pending') continue;
      const messages = byDelay.get(placed.delaySeconds) ?? [];
      messages.push(jobMessageOf(job));
      byDelay.set(placed.delaySeconds, messages);
    }
    const unsent = new Set<string>();
    for (const [delaySeconds, messages] of byDelay) {
      const { failed } = await deps.queue.sendBatch(messages, delayed(delaySeconds));
      for (const message of failed) unsent.add(message.id);
    }
    if (whole && unsent.size > 0) {
      await batchStore(deps)
        .remove(whole.id)
        .catch(() => undefined);
      await undo(new EnqueueError([...unsent][0] ?? '', undefined));
    }
    // Rolled back like one job's: a record left behind (the delete failed too) is never reported
    // as accepted, and the sweeper queues it.
    await Promise.all([...unsent].map((id) => deps.store.removePending(id).catch(() => undefined)));
    for (const id of unsent) lost.add(id);
    await takeBackDependents(deps, jobs, lost, results);
    for (const { index, job, submission } of jobs) {
      if (answered.has(job.id) || results[index]) continue;
      if (unstored.has(job.id) || unsent.has(job.id)) {
        if (submission.idempotencyKey !== undefined && unsent.has(job.id))
          await deps.keys?.release(submission.idempotencyKey, job.id).catch(() => undefined);
        results[index] = refused(new EnqueueError(job.id, undefined));
        continue;
      }
      results[index] = { accepted: true, id: job.id, status: job.status };
      if (job.status !== 'waiting') deps.events?.emit({ name: 'JobEnqueued', jobId: job.id, type: job.type });
    }
  }
  const accepted = results.filter((result) => result.accepted).length;
  return { accepted, rejected: results.length - accepted, results, ...(batchId ? { batchId } : {}) };
}

/** A batch about to be submitted: its id, and its callback's id and submission. */
interface BatchPlan {
  readonly id: string;
  readonly callback?: { readonly id: string; readonly submission: Submission };
}

/**
 * Reads `batch` before anything is written: an invalid callback refuses the whole request (400), as
 * it would run after every job. The callback starts when they end: no start, key or dependencies of
 * its own.
 */
function batchPlan(deps: SubmitJobsDeps, options: BatchOptions): BatchPlan {
  batchStore(deps);
  const id = deps.newId();
  if (!options.onComplete) return { id };
  let submission: Submission;
  try {
    submission = parseSubmission(options.onComplete, deps.specs, deps.maxAttemptsLimit);
  } catch (error) {
    if (error instanceof ValidationError)
      throw new ValidationError(`batch.onComplete: ${error.message}`, {
        field: 'batch.onComplete',
        ...error.details,
      });
    throw error;
  }
  const own = (['timing', 'idempotencyKey', 'dependsOn'] as const).filter(
    (key) => submission[key] !== undefined,
  );
  if (own.length > 0)
    throw new ValidationError(
      'batch.onComplete runs when every job of the batch has ended: it takes no delaySeconds, runAt, idempotencyKey or dependsOn.',
      { field: 'batch.onComplete' },
    );
  return { id, callback: { id: deps.newId(), submission } };
}

/** The callback job: waiting for every member, whatever each does (the `run` policy). */
function callbackJob(deps: SubmitJobsDeps, batch: BatchPlan, members: readonly PlacedItem[], now: Date): Job {
  const callback = batch.callback;
  if (!callback) throw new Error('no callback');
  return placeJob(deps, { ...callback.submission, onDependencyFailure: 'run' }, now, {
    id: callback.id,
    dependencies: { ids: members.map(({ job }) => job.id), outcomes: {} },
    onCompleteOf: batch.id,
  }).job;
}

/** Takes a batch back: its jobs and its callback removed (they never ran), their keys freed. */
async function rollBack(deps: SubmitJobsDeps, members: readonly PlacedItem[], batch: BatchPlan | undefined) {
  await eachLimited(members, 16, async ({ job, submission }) => {
    await deps.store.removePending(job.id).catch(() => undefined);
    await releaseKept(deps, job);
    if (submission.idempotencyKey !== undefined)
      await deps.keys?.release(submission.idempotencyKey, job.id).catch(() => undefined);
  });
  if (batch?.callback) await deps.store.removePending(batch.callback.id).catch(() => undefined);
}

function batchStore(deps: SubmitJobsDeps): BatchStore {
  if (!deps.batches) throw new ValidationError('This API takes no batches.', { field: 'batch' });
  return deps.batches;
}

interface PlacedItem {
  readonly index: number;
  readonly job: Job;
  readonly placed: Placement;
  readonly submission: Submission;
}

/**
 * The batch's valid items as jobs. Their ids are drawn first, so an item naming another by position
 * waits for that item's id, and that item is written knowing its dependents (no second write). Items
 * that could never start are refused here: a dependency cycle, a position past the batch or of a
 * refused item, an id of no job, and whatever depends on those.
 */
async function placeBatch(
  deps: SubmitJobsDeps,
  parsed: readonly { readonly index: number; readonly submission: Submission }[],
  results: BatchItemResult[],
  size: number,
  now: Date,
  batch: BatchPlan | undefined,
): Promise<PlacedItem[]> {
  const ids = new Map(parsed.map(({ index }) => [index, deps.newId()]));
  const external = [
    ...new Set(parsed.flatMap(({ submission }) => (submission.dependsOn ?? []).filter(isJobId))),
  ];
  const { found } = await readKnownDependencies(deps.store, external);
  for (const { index, submission } of parsed) {
    const unknown = submission.dependsOn?.find((ref) => isJobId(ref) && !found.has(ref));
    if (unknown !== undefined) results[index] = refused(new UnknownDependencyError(unknown));
  }
  const graph = new Map(
    parsed.flatMap(({ index, submission }) => (submission.dependsOn ? [[index, submission.dependsOn]] : [])),
  );
  const refusedItems = new Set([...Array(size).keys()].filter((index) => results[index] !== undefined));
  for (const [index, error] of unstartableItems(graph, refusedItems, size))
    if (!results[index]) results[index] = refused(error);
  const dependents = new Map<number, string[]>(
    batch?.callback ? parsed.map(({ index }) => [index, [batch.callback?.id ?? '']]) : [],
  );
  for (const [index, refs] of graph)
    for (const ref of refs)
      if (typeof ref === 'number')
        dependents.set(ref, [...(dependents.get(ref) ?? []), ids.get(index) ?? '']);
  return parsed
    .filter(({ index }) => results[index] === undefined)
    .map(({ index, submission }) => {
      const dependencyIds = submission.dependsOn?.map((ref) =>
        typeof ref === 'number' ? (ids.get(ref) ?? '') : ref,
      );
      return {
        index,
        submission,
        ...placeJob(deps, submission, now, {
          id: ids.get(index) ?? deps.newId(),
          ...(dependencyIds
            ? { dependencies: { ids: dependencyIds, outcomes: endedOutcomes(dependencyIds, found) } }
            : {}),
          ...(dependents.has(index) ? { dependents: dependents.get(index) ?? [] } : {}),
          ...(batch ? { batchId: batch.id } : {}),
        }),
      };
    });
}

/**
 * Takes back every job of the batch that waits, directly or down a chain, for one in `lost` (not
 * stored, a duplicate, not queued): it could never start. Each is removed and refused, and joins `lost`.
 */
async function takeBackDependents(
  deps: SubmitJobsDeps,
  jobs: readonly PlacedItem[],
  lost: Set<string>,
  results: BatchItemResult[],
): Promise<void> {
  const indexOf = new Map(jobs.map(({ index, job }) => [job.id, index]));
  let changed = true;
  while (changed) {
    changed = false;
    for (const { index, job } of jobs) {
      if (lost.has(job.id)) continue;
      const gone = job.dependsOn?.find((id) => lost.has(id));
      if (gone === undefined) continue;
      lost.add(job.id);
      changed = true;
      await deps.store.removePending(job.id).catch(() => undefined);
      results[index] = refused(new DependencyRefusedError(indexOf.get(gone) ?? -1));
    }
  }
}

function isJobId(ref: DependencyRef): ref is string {
  return typeof ref === 'string';
}

/**
 * The backpressure guard, once per priority the batch uses: the items bound for a full queue are
 * refused (Backpressure) and taken out of `jobs`, the others go ahead. When every valid item is
 * refused so, the whole request is (503, as for one job), so a client backs off and sends it again.
 */
async function refuseFullQueues(
  deps: SubmitJobsDeps,
  jobs: { readonly index: number; readonly submission: Submission }[],
  results: BatchItemResult[],
): Promise<void> {
  const { admit } = deps;
  if (!admit || jobs.length === 0) return;
  const full = new Map<Priority, BackpressureError>();
  for (const priority of new Set(jobs.map(({ submission }) => submission.priority))) {
    try {
      await admit(priority);
    } catch (error) {
      if (!(error instanceof BackpressureError)) throw error;
      full.set(priority, error);
    }
  }
  if (full.size === 0) return;
  const first = full.values().next().value;
  if (first && jobs.every(({ submission }) => full.has(submission.priority))) throw first;
  for (let at = jobs.length - 1; at >= 0; at -= 1) {
    const item = jobs[at];
    const error = item && full.get(item.submission.priority);
    if (!item || !error) continue;
    results[item.index] = refused(error);
    jobs.splice(at, 1);
  }
}

function refused(error: SqsJobsError): BatchItemResult {
  return { accepted: false, error: { code: error.code, message: error.message, details: error.details } };
}
