import type { z } from 'zod';
import type { BatchSummary } from './batch.ts';
import type { DependencyOutcome } from './dependencies.ts';
import { IDEMPOTENCY_MODES, type IdempotencyPolicy, MAX_IDEMPOTENCY_WINDOW_SECONDS } from './idempotency.ts';
import type { JsonValue } from './json.ts';
import { type KeyLimits, limitProblems } from './limits.ts';
import type { FileStore } from './ports.ts';
import { isPriority, PRIORITIES, type Priority } from './priority.ts';
import { type RetentionPolicy, retentionProblems } from './retention.ts';
import type { BackoffPolicy } from './retry-policy.ts';

/** What a job handler gets besides its payload. */
export interface JobContext {
  readonly jobId: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
  readonly maxAttempts: number;
  /** Aborted when the job must stop (time limit, cancel, shutdown). */
  readonly signal: AbortSignal;
  readonly files: FileStore;
  /**
   * Reports how far the job got: 0–100 and an optional message (at most 200 characters), shown by
   * `GET /jobs/{id}`, the client's `waitFor({ onProgress })`, `sqs-jobs submit --wait` and the
   * dashboard. Stored at most once a second (the latest report wins); awaiting it is optional.
   * @throws RangeError for a value outside 0–100 or a longer message.
   */
  progress(percent: number, message?: string): Promise<void>;
  /**
   * How each job this one `dependsOn` ended, by id: status, and its result or error. Read when the
   * attempt starts; empty for a job without dependencies. A dependency already removed by its
   * retention is absent.
   */
  readonly dependencies: Readonly<Record<string, DependencyOutcome>>;
  /**
   * For a batch's `onComplete` job only: the batch and how its jobs ended (their results are in
   * `dependencies`).
   */
  readonly batch?: BatchSummary;
}

export type JobHandler<P> = (payload: P, context: JobContext) => Promise<JsonValue>;

/** A job type's contract: what the API validates submissions against. */
export interface JobTypeSpec<S extends z.ZodType = z.ZodType> {
  /** One line for people: the dashboards, the CLI and the OpenAPI document show it. */
  readonly description?: string;
  readonly schema: S;
  /** Attempts a job of this type gets unless its submission asks for fewer or more (default 3). */
  readonly maxAttempts?: number;
  /** Time limit of one attempt; the worker also stops a job before its own function timeout. */
  readonly timeoutSeconds?: number;
  /** What an idempotency key does for this type: how long it holds, or until its job finished. */
  readonly idempotency?: IdempotencyPolicy;
  /** The queue this type's jobs go on unless a submission names another (default `default`). */
  readonly priority?: Priority;
  /**
   * At most this many jobs of this type run at once (1–1000), across every worker. The others wait
   * `pending`, held back (src/core/limits.ts), without being charged an attempt.
   */
  readonly concurrency?: number;
  /**
   * Limits per key taken from the payload (a tenant, a recipient domain): at most `concurrency`
   * running and/or `ratePerSecond` started per second for each key. On AWS the key is also the
   * message's group on the standard queue (SQS fair queues), so one key's backlog does not hold up
   * the others' jobs.
   */
  readonly keyLimits?: KeyLimits<z.output<S>>;
  /**
   * How long its finished jobs are kept, per final status (default 7 days completed and canceled,
   * 30 days failed; at least 120 s): then DynamoDB's TTL and the sweeper remove them.
   */
  readonly retention?: RetentionPolicy;
}

/**
 * A job type: its payload schema (zod), its handler and its run settings. The handler gets the
 * parsed payload and the job's context and returns a JSON result, which is stored with the job and
 * typed for every client through `typeof jobs`.
 */
export interface JobDefinition<S extends z.ZodType = z.ZodType, R extends JsonValue = JsonValue>
  extends JobTypeSpec<S> {
  // A method, not a property: a registry of specific definitions then fits JobRegistry.
  handler(payload: z.output<S>, context: JobContext): Promise<R>;
  /** The delay between attempts (default: 1 s doubling to 5 minutes, with full jitter). */
  readonly backoff?: Partial<BackoffPolicy>;
}

/** Every job type of an app by name, as `defineJobs` returns it. */
export type JobRegistry = Readonly<Record<string, JobDefinition>>;

export function defineJobType<S extends z.ZodType>(spec: JobTypeSpec<S>): JobTypeSpec<S> {
  return spec;
}

/** A job type name: it appears in URLs, CLI arguments, metrics labels and log lines. */
export const JOB_TYPE_NAME = /^[a-z][a-zA-Z0-9_-]{0,63}$/;

/**
 * Defines one job type. Only checks and returns it: the types carry the payload and result to
 * `defineJobs`, and from there to the client (`createClient<typeof jobs>`).
 */
export function defineJob<S extends z.ZodType, R extends JsonValue>(
  definition: JobDefinition<S, R>,
): JobDefinition<S, R> {
  const problems = definitionProblems(definition);
  if (problems.length > 0) throw new TypeError(`Invalid job definition: ${problems.join('; ')}.`);
  return definition;
}

/**
 * An app's job types by name. The module that default-exports (or exports `jobs`) this object is
 * what the `SqsJobs` construct bundles into the worker and the API.
 */
export function defineJobs<const D extends Readonly<Record<string, JobDefinition<z.ZodType, JsonValue>>>>(
  jobs: D,
): D {
  const names = Object.keys(jobs);
  if (names.length === 0) throw new TypeError('defineJobs needs at least one job type.');
  for (const name of names) {
    if (!JOB_TYPE_NAME.test(name))
      throw new TypeError(
        `Job type name "${name}" must start with a lowercase letter and hold letters, digits, "_" or "-" (at most 64).`,
      );
    const problems = definitionProblems(jobs[name] as JobDefinition);
    if (problems.length > 0) throw new TypeError(`Job type "${name}": ${problems.join('; ')}.`);
  }
  return Object.freeze({ ...jobs });
}

function definitionProblems(definition: JobDefinition): string[] {
  const problems: string[] = [];
  if (!definition || typeof definition !== 'object') return ['it must be an object from defineJob'];
  if (typeof definition.schema?.safeParse !== 'function') problems.push('schema must be a zod schema');
  if (typeof definition.handler !== 'function') problems.push('handler must be a function');
  const { maxAttempts, timeoutSeconds, backoff, idempotency, priority } = definition;
  problems.push(...limitProblems(definition), ...retentionProblems(definition.retention));
  if (priority !== undefined && !isPriority(priority))
    problems.push(`priority must be one of ${PRIORITIES.join(', ')}`);
  if (idempotency) {
    const { mode, windowSeconds } = idempotency;
    if (mode !== undefined && !IDEMPOTENCY_MODES.includes(mode))
      problems.push(`idempotency.mode must be one of ${IDEMPOTENCY_MODES.join(', ')}`);
    if (
      windowSeconds !== undefined &&
      !(
        Number.isInteger(windowSeconds) &&
        windowSeconds >= 1 &&
        windowSeconds <= MAX_IDEMPOTENCY_WINDOW_SECONDS
      )
    )
      problems.push(
        `idempotency.windowSeconds must be a whole number from 1 to ${MAX_IDEMPOTENCY_WINDOW_SECONDS}`,
      );
  }
  if (maxAttempts !== undefined && !(Number.isInteger(maxAttempts) && maxAttempts >= 1 && maxAttempts <= 25))
    problems.push('maxAttempts must be a whole number from 1 to 25');
  if (timeoutSeconds !== undefined && !(timeoutSeconds > 0 && timeoutSeconds <= 900))
    problems.push('timeoutSeconds must be above 0 and at most 900 (the Lambda limit)');
  if (backoff) {
    const { baseSeconds, factor, maxSeconds, jitter } = backoff;
    if (baseSeconds !== undefined && !(baseSeconds >= 0)) problems.push('backoff.baseSeconds must be ≥ 0');
    if (factor !== undefined && !(factor >= 1)) problems.push('backoff.factor must be ≥ 1');
    if (maxSeconds !== undefined && !(maxSeconds >= 0 && maxSeconds <= 43_200))
      problems.push('backoff.maxSeconds must be 0–43200 (the SQS visibility limit)');
    if (jitter !== undefined && jitter !== 'full' && jitter !== 'none')
      problems.push('backoff.jitter must be "full" or "none"');
  }
  return problems;
}

/** The payload a caller sends for job type `K` (the schema's input: defaults may be left out). */
export type PayloadOf<J extends JobRegistry, K extends keyof J> = z.input<J[K]['schema']>;

/** What the handler of job type `K` returns, stored as the finished job's `result`. */
export type ResultOf<J extends JobRegistry, K extends keyof J> = Awaited<ReturnType<J[K]['handler']>>;

export type SpecRegistry = Readonly<Record<string, JobTypeSpec>>;

/** One handler per spec, typed by that spec's payload. */
export type HandlerRegistry<R extends SpecRegistry> = {
  readonly [K in keyof R]: JobHandler<z.output<R[K]['schema']>>;
};

/**
 * The job types a jobs module exports: its default export, else its `jobs` export, which must be what
 * `defineJobs` returns. `where` names the module in the error a wrong export gets.
 */
export function jobRegistryOf(module: Readonly<Record<string, unknown>>, where: string): JobRegistry {
  const candidate = module.default ?? module.jobs;
  const entries = candidate && typeof candidate === 'object' ? Object.entries(candidate) : [];
  const isDefinition = (value: unknown) =>
    !!value && typeof value === 'object' && typeof (value as JobDefinition).handler === 'function';
  if (entries.length === 0 || !entries.every(([, value]) => isDefinition(value))) {
    throw new TypeError(
      `${where} must export the job types as its default export (or as "jobs"): export default defineJobs({ … }).`,
    );
  }
  return candidate as JobRegistry;
}
