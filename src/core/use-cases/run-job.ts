import { batchSummary } from '../batch.ts';
import {
  JobCanceledError,
  JobTimeoutError,
  LeaseLostError,
  PermanentJobError,
  WorkerLostError,
} from '../errors.ts';
import { type JobEvents, NO_JOB_EVENTS } from '../events.ts';
import { type Job, type JobMessage, toJobError } from '../job.ts';
import type { JsonValue } from '../json.ts';
import type { Clock, FileStore, HoldTally, JobLimits, JobStore } from '../ports.ts';
import { ProgressReporter } from '../progress.ts';
import type { JobContext, JobDefinition, JobRegistry } from '../registry.ts';
import { expiryOf } from '../retention.ts';
import { type BackoffPolicy, DEFAULT_BACKOFF, decideAfterFailure } from '../retry-policy.ts';
import type { FinishedStatus } from '../stats/window.ts';
import { MAX_QUEUE_DELAY_SECONDS, secondsUntil } from '../timing.ts';
import { type Admission, passLimits } from './pass-limits.ts';
import { afterFinish, type DependencyDeps, readDependencies } from './wait-for-dependencies.ts';

export const DEFAULT_JOB_TIMEOUT_SECONDS = 30;
/** Largest handler result kept in the job record (with a 256 KB payload, the item stays under 400 KB). */
export const MAX_RESULT_BYTES = 100 * 1024;

export interface RunJobDeps {
  readonly store: JobStore;
  /** Every job type: its schema, handler, time limit and backoff. */
  readonly jobs: JobRegistry;
  readonly files: FileStore;
  readonly clock: Clock;
  readonly backoff?: BackoffPolicy;
  readonly random?: () => number;
  /** How often a running job renews its lease and looks for a cancel request. */
  readonly heartbeatMs?: number;
  /** Extra lease beyond the attempt's time limit, so the outcome can still be written. */
  readonly leaseMarginMs?: number;
  /** Where transitions are reported (JobStarted, JobCompleted, JobRetried, JobFailed, JobCanceled). */
  readonly events?: JobEvents;
  /** Called on each heartbeat, e.g. to keep the message invisible while the job runs. */
  readonly onHeartbeat?: (job: Job) => Promise<void>;
  /** This worker instance, recorded on each job it claims (the stats' workers view). */
  readonly workerId?: string;
  /** The state of the job types' limits; without it no limit is checked. */
  readonly limits?: JobLimits;
  /** Where holds are counted for the stats. */
  readonly holds?: HoldTally;
  /** The stack's retention for every finished job (`-c retentionSeconds`), over each type's own. */
  readonly retentionSeconds?: number;
  /** Sends the message of a dependent this job's end released (without it, the sweeper finds it). */
  readonly queue?: DependencyDeps['queue'];
}

export interface RunOptions {
  /** When the surrounding function will be stopped; the attempt ends before it. */
  readonly deadline: Date;
}

export type RunOutcome =
  /** Another delivery owns the job, or it is finished: acknowledge, run nothing. */
  | { readonly kind: 'duplicate' }
  /** The delivery came before the job's start: a new message is due in `delaySeconds` (≤ 900), this one acknowledged. */
  | { readonly kind: 'early'; readonly delaySeconds: number }
  /** A limit of its type is full: the job stays pending, a new message is due in `delaySeconds`, no attempt counted. */
  | { readonly kind: 'heldBack'; readonly delaySeconds: number; readonly message: JobMessage }
  | { readonly kind: 'completed'; readonly result: JsonValue }
  /** The attempt failed and another will follow after `delaySeconds`. */
  | { readonly kind: 'retry'; readonly delaySeconds: number; readonly error: string }
  | { readonly kind: 'failed'; readonly reason: 'permanent' | 'exhausted'; readonly error: string }
  | { readonly kind: 'canceled' };

/**
 * One delivery of one job: claim it, run its handler under a time limit and a heartbeat, record the
 * outcome. The claim is the only guard against duplicate deliveries, so nothing runs before it.
 */
export async function runJob(
  deps: RunJobDeps,
  message: JobMessage,
  options: RunOptions,
): Promise<RunOutcome> {
  const now = deps.clock.now();
  const spec = definitionOf(deps.jobs, message.type);
  const limitMs = Math.max(
    1,
    Math.min(
      (spec?.timeoutSeconds ?? DEFAULT_JOB_TIMEOUT_SECONDS) * 1000,
      options.deadline.getTime() - now.getTime(),
    ),
  );
  const leaseMarginMs = deps.leaseMarginMs ?? 10_000;
  const leaseUntil = new Date(now.getTime() + limitMs + leaseMarginMs);
  // Limits first, before the claim: a job held back must not show as running, nor be charged an attempt.
  const admission = await passLimits(deps, spec, message, leaseUntil, now);
  if (admission.kind === 'held') return admission.outcome;
  try {
    return await claimAndRun(deps, message, admission, limitMs, leaseMarginMs);
  } finally {
    await admission.release();
  }
}

async function claimAndRun(
  deps: RunJobDeps,
  message: JobMessage,
  admission: Admission & { readonly kind: 'admitted' },
  limitMs: number,
  leaseMarginMs: number,
): Promise<RunOutcome> {
  const now = admission.startAt;
  const claim = await deps.store.claim(
    message.id,
    now,
    new Date(now.getTime() + limitMs + leaseMarginMs),
    deps.workerId ? { workerId: deps.workerId } : {},
  );

  if (claim.kind === 'missing' || claim.kind === 'busy' || claim.kind === 'finished')
    return { kind: 'duplicate' };
  if (claim.kind === 'exhausted') return closeAbandoned(deps, claim.job);
  if (claim.kind === 'early') {
    // A scheduled job gets its message from the sweeper when its time nears; this one is dropped.
    if (claim.job.status === 'scheduled') return { kind: 'duplicate' };
    return {
      kind: 'early',
      delaySeconds: Math.min(MAX_QUEUE_DELAY_SECONDS, secondsUntil(claim.job.runAt, now)),
    };
  }

  const job = claim.job;
  // The claim appended this attempt's history entry; its outcome is written there.
  const entry = job.history && job.history.length > 0 ? job.history.length - 1 : undefined;
  const events = deps.events ?? NO_JOB_EVENTS;
  const about = { jobId: job.id, type: job.type, attempt: job.attempts };
  const startedAt = deps.clock.now().getTime();
  const ranMs = () => deps.clock.now().getTime() - startedAt;
  events.emit({ name: 'JobStarted', ...about });
  const attempt = new Attempt(deps, job, limitMs, leaseMarginMs, admission.renew);
  const progress = new ProgressReporter(deps.clock, async (report) => {
    await deps.store.reportProgress(job.id, job.attempts, report);
  });
  try {
    const result = await attempt.run((signal) => execute(deps, job, signal, progress));
    // The last report, if the throttle still holds it, goes before the outcome.
    await progress.flush();
    // False: the job moved on meanwhile (a stale worker); its new owner reports the outcome.
    const completedAt = deps.clock.now();
    const completed = await deps.store.complete(
      job.id,
      job.attempts,
      result,
      completedAt,
      entry,
      expiry(deps, job, 'completed', completedAt),
    );
    if (completed) {
      events.emit({ name: 'JobCompleted', ...about, durationMs: ranMs() });
      await ended(deps, completed);
    }
    return { kind: 'completed', result };
  } catch (error) {
    if (error instanceof LeaseLostError) return { kind: 'duplicate' };
    await progress.flush();
    if (error instanceof JobCanceledError) return recordCanceled(deps, job, entry);
    // The job type's own backoff, over the worker's (the default unless a test sets one).
    const backoff = { ...(deps.backoff ?? DEFAULT_BACKOFF), ...definitionOf(deps.jobs, job.type)?.backoff };
    const decision = decideAfterFailure(job, error, backoff, deps.random);
    const jobError = toJobError(error);
    const at = deps.clock.now();
    const next =
      decision.next === 'pending'
        ? { status: 'pending' as const, retryAt: new Date(at.getTime() + decision.delaySeconds * 1000) }
        : { status: 'failed' as const };
    const failed = await deps.store.fail(
      job.id,
      job.attempts,
      jobError,
      next,
      at,
      entry,
      expiry(deps, job, 'failed', at),
    );
    if (failed) {
      await ended(deps, failed);
      events.emit(
        decision.next === 'pending'
          ? {
              name: 'JobRetried',
              ...about,
              cause: 'automatic',
              error: jobError,
              retryInSeconds: decision.delaySeconds,
              durationMs: ranMs(),
            }
          : { name: 'JobFailed', ...about, error: jobError, reason: decision.reason, durationMs: ranMs() },
      );
    }
    return decision.next === 'pending'
      ? { kind: 'retry', delaySeconds: decision.delaySeconds, error: jobError.message }
      : { kind: 'failed', reason: decision.reason, error: jobError.message };
  } finally {
    attempt.stop();
    progress.stop();
  }
}

/** Ends the attempt canceled (its handler stopped, or its worker died asked to): recorded, reported, its dependents told. */
async function recordCanceled(
  deps: RunJobDeps,
  job: Job,
  historyIndex: number | undefined,
): Promise<RunOutcome> {
  const at = deps.clock.now();
  const canceled = await deps.store.cancelRunning(
    job.id,
    job.attempts,
    at,
    historyIndex,
    expiry(deps, job, 'canceled', at),
  );
  if (canceled) {
    (deps.events ?? NO_JOB_EVENTS).emit({
      name: 'JobCanceled',
      jobId: job.id,
      type: job.type,
      attempt: job.attempts,
    });
    await ended(deps, canceled);
  }
  return { kind: 'canceled' };
}

/** A job whose last worker died: it must not run again, so close it as its state says. */
async function closeAbandoned(deps: RunJobDeps, job: Job): Promise<RunOutcome> {
  const at = deps.clock.now();
  if (job.status !== 'running') return { kind: 'duplicate' };
  const events = deps.events ?? NO_JOB_EVENTS;
  const about = { jobId: job.id, type: job.type, attempt: job.attempts };
  if (job.cancelRequestedAt) return recordCanceled(deps, job, undefined);
  const error = toJobError(new WorkerLostError(job.id));
  const failed = await deps.store.fail(
    job.id,
    job.attempts,
    error,
    { status: 'failed' },
    at,
    undefined,
    expiry(deps, job, 'failed', at),
  );
  if (failed) {
    events.emit({ name: 'JobFailed', ...about, error, reason: 'exhausted' });
    await ended(deps, failed);
  }
  return { kind: 'failed', reason: 'exhausted', error: error.message };
}

/** The running attempt: its abort signal, time limit and heartbeat. */
class Attempt {
  readonly #controller = new AbortController();
  readonly #timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly deps: RunJobDeps,
    private readonly job: Job,
    private readonly limitMs: number,
    private readonly leaseMarginMs: number,
    /** Extends the limit slots the job holds, with its lease. */
    private readonly renewSlots: (leaseUntil: Date) => Promise<void>,
  ) {}

  /** Runs `work`; rejects with the abort reason as soon as the attempt is aborted, even if `work` ignores it. */
  async run<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const signal = this.#controller.signal;
    const startedAt = this.deps.clock.now().getTime();
    this.#timers.push(setTimeout(() => this.#abort(new JobTimeoutError(this.limitMs)), this.limitMs));
    this.#timers.push(setInterval(() => void this.#heartbeat(startedAt), this.deps.heartbeatMs ?? 5_000));
    const aborted = new Promise<never>((_, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
    return Promise.race([work(signal), aborted]);
  }

  stop(): void {
    for (const timer of this.#timers) clearTimeout(timer);
  }

  #abort(reason: Error): void {
    if (!this.#controller.signal.aborted) this.#controller.abort(reason);
  }

  async #heartbeat(startedAt: number): Promise<void> {
    if (this.#controller.signal.aborted) return;
    try {
      const leaseUntil = new Date(startedAt + this.limitMs + this.leaseMarginMs);
      const current = await this.deps.store.renewLease(this.job.id, this.job.attempts, leaseUntil);
      if (!current) return this.#abort(new LeaseLostError(this.job.id));
      if (current.cancelRequestedAt) return this.#abort(new JobCanceledError(this.job.id));
      await this.renewSlots(leaseUntil);
      await this.deps.onHeartbeat?.(current);
    } catch {
      // A missed heartbeat is retried at the next tick; the lease has margin for it.
    }
  }
}

async function execute(
  deps: RunJobDeps,
  job: Job,
  signal: AbortSignal,
  progress: ProgressReporter,
): Promise<JsonValue> {
  const definition = definitionOf(deps.jobs, job.type);
  if (!definition) throw new PermanentJobError(`No handler for job type "${job.type}".`, { type: job.type });
  // Re-validated here because the record may predate a schema change.
  const parsed = definition.schema.safeParse(job.payload);
  if (!parsed.success) {
    throw new PermanentJobError(`Stored payload no longer matches the "${job.type}" schema.`, {
      issues: parsed.error.issues.map((issue) => issue.message),
    });
  }
  const context: JobContext = {
    jobId: job.id,
    attempt: job.attempts,
    maxAttempts: job.maxAttempts,
    signal,
    files: deps.files,
    progress: (percent, message) => progress.report(percent, message),
    dependencies: await readDependencies(deps.store, job),
    ...(job.onCompleteOf
      ? {
          batch: batchSummary(
            job.onCompleteOf,
            job.dependsOn?.length ?? 0,
            Object.values(job.dependencyOutcomes ?? {}).map((status) => ({ status })),
          ),
        }
      : {}),
  };
  const result = (await definition.handler(parsed.data, context)) ?? null;
  // The result is stored in the job's record: DynamoDB caps an item at 400 KB, and the payload may
  // already take 256 KB. Retrying cannot make it smaller.
  const bytes = new TextEncoder().encode(JSON.stringify(result)).byteLength;
  if (bytes > MAX_RESULT_BYTES) {
    throw new PermanentJobError(
      `The "${job.type}" handler returned ${bytes} bytes; a result may be at most ${MAX_RESULT_BYTES} bytes. Write large output to the files bucket and return its key.`,
      { bytes, limitBytes: MAX_RESULT_BYTES },
    );
  }
  return result;
}

/**
 * After a job's final write: the jobs waiting for it learn how it ended, and the dependencies it kept
 * are let go. A failure here is not the job's: its outcome is stored, and the sweeper's check of
 * long-waiting jobs records it later.
 */
async function ended(deps: RunJobDeps, job: Job): Promise<void> {
  if (!job.dependents?.length && !job.dependsOn?.length) return;
  await afterFinish(
    {
      store: deps.store,
      queue: deps.queue ?? { send: async () => undefined },
      clock: deps.clock,
      specs: deps.jobs,
      ...(deps.events ? { events: deps.events } : {}),
      ...(deps.retentionSeconds === undefined ? {} : { retentionSeconds: deps.retentionSeconds }),
    },
    job,
  ).catch(() => undefined);
}

/** When a job that ends `status` now is removed: its type's retention, or the stack's override. */
function expiry(deps: RunJobDeps, job: Job, status: FinishedStatus, at: Date): Date {
  return expiryOf(definitionOf(deps.jobs, job.type)?.retention, status, at, deps.retentionSeconds);
}

/** The definition of `type`, if the registry has one of its own (not one inherited from Object). */
function definitionOf(jobs: JobRegistry, type: string): JobDefinition | undefined {
  return Object.hasOwn(jobs, type) ? jobs[type] : undefined;
}
