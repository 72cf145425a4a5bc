import type { DependencyPolicy } from '../core/dependencies.ts';
import type { Priority } from '../core/priority.ts';
import { type WireStart, wireStart } from './start.ts';

/** A submission's options, as `enqueue` and a batch job give them. */
export interface SubmissionOptions {
  readonly maxAttempts?: number | undefined;
  readonly priority?: Priority | undefined;
  readonly delaySeconds?: number | undefined;
  readonly runAt?: Date | string | undefined;
  readonly idempotencyKey?: string | undefined;
  readonly dependsOn?: readonly (string | number)[] | undefined;
  readonly onDependencyFailure?: DependencyPolicy | undefined;
}

/** One submission as `POST /jobs` (and each job of `POST /jobs/batch`) reads it: the envelope form. */
export interface SubmissionBody extends WireStart {
  readonly type: string;
  readonly payload: unknown;
  readonly maxAttempts?: number;
  readonly priority?: Priority;
  readonly idempotencyKey?: string;
  readonly dependsOn?: readonly (string | number)[];
  readonly onDependencyFailure?: DependencyPolicy;
}

/**
 * The body of one submission, for the client and the producer alike. The envelope form: a payload
 * field named like an option (type, maxAttempts, priority, runAt, idempotencyKey…) stays payload. Only the
 * options given are set, so a submission without them is byte for byte what it was before, and an
 * options object's other keys (from untyped code) are not passed on. A value of the wrong type (from
 * untyped code) is sent as it is, for the API's ValidationError to name.
 */
export function submissionBody(
  type: string,
  payload: unknown,
  options: SubmissionOptions = {},
): SubmissionBody {
  const { maxAttempts, priority, delaySeconds, runAt, idempotencyKey, dependsOn, onDependencyFailure } =
    options;
  return {
    type,
    payload: payload ?? {},
    ...(maxAttempts === undefined ? {} : { maxAttempts }),
    ...(priority === undefined ? {} : { priority }),
    ...wireStart({ delaySeconds, runAt }),
    ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
    ...(dependsOn === undefined ? {} : { dependsOn }),
    ...(onDependencyFailure === undefined ? {} : { onDependencyFailure }),
  };
}

/** A batch's callback as a caller gives it: a type, a payload and the options of a submission. */
export interface CallbackSubmission extends SubmissionOptions {
  readonly type: string;
  readonly payload?: unknown;
}

/** `batch` as `POST /jobs/batch` (and the producer's submitJobs) reads it. */
export interface BatchBody {
  readonly onComplete?: SubmissionBody;
}

/**
 * The `batch` field of a batch submission: `{}` (a batch without a callback) or the callback's
 * envelope form. Every option of a submission is passed on, so one the callback may not have (a
 * start, a key, dependencies: only untyped code can give them) is refused by the API with a
 * ValidationError naming `batch.onComplete`, rather than dropped.
 */
export function batchBody(batch: { readonly onComplete?: CallbackSubmission | undefined }): BatchBody {
  if (batch.onComplete === undefined) return {};
  const { type, payload, ...options } = batch.onComplete;
  return { onComplete: submissionBody(type, payload, options) };
}
