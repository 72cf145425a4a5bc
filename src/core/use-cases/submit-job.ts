import { EnqueueError, ValidationError } from '../errors.ts';
import type { JobEvents } from '../events.ts';
import { type Job, jobMessageOf, newJob } from '../job.ts';
import type { Clock, IdempotencyKeys, JobQueue, JobStore, SendOptions } from '../ports.ts';
import type { Priority } from '../priority.ts';
import type { SpecRegistry } from '../registry.ts';
import { parseSubmission, type Submission } from '../submission.ts';
import { type Placement, placement, runAtOf } from '../timing.ts';
import { admitKey, type KeyOutcome } from './admit-key.ts';

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

/** A new job for a parsed submission, and where it goes: the queue (with a delay) or `scheduled`. */
export function placeJob(
  deps: Pick<SubmitJobDeps, 'newId' | 'scheduleHorizonSeconds'>,
  submission: Submission,
  now: Date,
): { readonly job: Job; readonly placed: Placement } {
  const { timing, ...fields } = submission;
  const runAt = runAtOf(timing, now);
  const placed = placement(runAt, now, deps.scheduleHorizonSeconds);
  const job = newJob({
    id: deps.newId(),
    ...fields,
    now,
    status: placed.status,
    ...(runAt ? { runAt } : {}),
  });
  return { job, placed };
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
  const { job, placed } = placeJob(deps, submission, deps.clock.now());
  await deps.store.create(job);
  const { idempotencyKey } = submission;
  if (idempotencyKey !== undefined) {
    const outcome = await admitOrRemove(deps, { ...submission, idempotencyKey }, job);
    if (outcome.kind === 'duplicate') return { job: outcome.job, duplicate: true };
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
