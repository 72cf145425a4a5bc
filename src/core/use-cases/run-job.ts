import { PermanentJobError } from '../errors.ts';
import { type JobMessage, toJobError } from '../job.ts';
import type { JsonValue } from '../json.ts';
import type { Clock, FileStore, JobStore } from '../ports.ts';
import type { JobContext, JobHandler, SpecRegistry } from '../registry.ts';
import { type BackoffPolicy, DEFAULT_BACKOFF, decideAfterFailure } from '../retry-policy.ts';

export interface RunJobDeps {
  readonly store: JobStore;
  readonly specs: SpecRegistry;
  readonly handlers: Readonly<Record<string, JobHandler<never>>>;
  readonly files: FileStore;
  readonly clock: Clock;
  readonly backoff?: BackoffPolicy;
  readonly random?: () => number;
}

export type RunOutcome =
  /** Another delivery owns the job, or it is finished: acknowledge, run nothing. */
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'completed'; readonly result: JsonValue }
  /** The attempt failed and another will follow after `delaySeconds`. */
  | { readonly kind: 'retry'; readonly delaySeconds: number; readonly error: string }
  | { readonly kind: 'failed'; readonly reason: 'permanent' | 'exhausted'; readonly error: string };

/**
 * One delivery of one job: claim it, run its handler, record the outcome. The claim is the only
 * guard against duplicate deliveries, so nothing runs before it succeeds.
 */
export async function runJob(
  deps: RunJobDeps,
  message: JobMessage,
  signal: AbortSignal,
): Promise<RunOutcome> {
  const job = await deps.store.claim(message.id, deps.clock.now());
  if (!job) return { kind: 'duplicate' };

  const context: JobContext = {
    jobId: job.id,
    attempt: job.attempts,
    maxAttempts: job.maxAttempts,
    signal,
    files: deps.files,
  };
  try {
    const result = await execute(deps, job.type, job.payload, context);
    await deps.store.complete(job.id, job.attempts, result, deps.clock.now());
    return { kind: 'completed', result };
  } catch (error) {
    const decision = decideAfterFailure(job, error, deps.backoff ?? DEFAULT_BACKOFF, deps.random);
    const jobError = toJobError(error);
    await deps.store.fail(job.id, job.attempts, jobError, decision.next, deps.clock.now());
    return decision.next === 'pending'
      ? { kind: 'retry', delaySeconds: decision.delaySeconds, error: jobError.message }
      : { kind: 'failed', reason: decision.reason, error: jobError.message };
  }
}

async function execute(
  deps: RunJobDeps,
  type: string,
  payload: unknown,
  context: JobContext,
): Promise<JsonValue> {
  const spec = Object.hasOwn(deps.specs, type) ? deps.specs[type] : undefined;
  const handler = Object.hasOwn(deps.handlers, type) ? deps.handlers[type] : undefined;
  if (!spec || !handler) throw new PermanentJobError(`No handler for job type "${type}".`, { type });
  // Re-validated here because the record may predate a schema change.
  const parsed = spec.schema.safeParse(payload);
  if (!parsed.success) {
    throw new PermanentJobError(`Stored payload no longer matches the "${type}" schema.`, {
      issues: parsed.error.issues.map((issue) => issue.message),
    });
  }
  const result = await (handler as JobHandler<unknown>)(parsed.data, context);
  return result ?? null;
}
