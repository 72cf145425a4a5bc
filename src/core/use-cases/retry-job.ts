import { EnqueueError, JobNotFoundError, SqsJobsError, ValidationError } from '../errors.ts';
import type { JobEvents } from '../events.ts';
import { type Job, jobMessageOf } from '../job.ts';
import type { JsonObject } from '../json.ts';
import type { Clock, JobQueue, JobStore } from '../ports.ts';
import type { SpecRegistry } from '../registry.ts';
import { parsePayload } from '../submission.ts';
import { linkDependencies } from './wait-for-dependencies.ts';

export class JobNotRetryableError extends SqsJobsError {
  constructor(
    readonly jobId: string,
    status: string,
  ) {
    super('JobNotRetryable', `Job ${jobId} is ${status}; only failed or canceled jobs can be retried.`, {
      id: jobId,
      status,
    });
  }
}

export interface RetryJobDeps {
  readonly store: JobStore;
  /** Only sends: a use case takes the part of the port it uses. */
  readonly queue: Pick<JobQueue, 'send'>;
  readonly specs: SpecRegistry;
  readonly clock: Clock;
  /** Where JobRetried (cause `manual`) is reported. */
  readonly events?: JobEvents;
  /** The stack's retention, for a dependent its dependency ends again at once. */
  readonly retentionSeconds?: number;
}

/**
 * A failed or canceled job runs again from attempt 1, optionally with an edited payload. A job with
 * dependencies waits for them again first: those that ended count at once, as they ended now (a
 * dependency retried by hand and completed lets it run; one still failed fails it again).
 */
export async function retryJob(deps: RetryJobDeps, id: string, body: unknown): Promise<Job> {
  const existing = await deps.store.get(id);
  if (!existing) throw new JobNotFoundError(id);
  const payload = editedPayload(deps.specs, existing.type, body);
  if (existing.dependsOn?.length) return retryDependent(deps, existing, payload);
  const job = await deps.store.reset(id, 'retry', deps.clock.now(), payload);
  if (!job) throw new JobNotRetryableError(id, (await deps.store.get(id))?.status ?? existing.status);
  try {
    await deps.queue.send(jobMessageOf(job));
  } catch (error) {
    // The job is pending with no message: the sweeper re-enqueues it; the caller learns it now.
    throw new EnqueueError(job.id, error);
  }
  deps.events?.emit({ name: 'JobRetried', jobId: job.id, type: job.type, cause: 'manual' });
  return job;
}

async function retryDependent(
  deps: RetryJobDeps,
  existing: Job,
  payload: JsonObject | undefined,
): Promise<Job> {
  const dependencies = existing.dependsOn ?? [];
  const job = await deps.store.reset(existing.id, 'rewait', deps.clock.now(), payload, dependencies.length);
  if (!job)
    throw new JobNotRetryableError(
      existing.id,
      (await deps.store.get(existing.id))?.status ?? existing.status,
    );
  deps.events?.emit({ name: 'JobRetried', jobId: job.id, type: job.type, cause: 'manual' });
  return linkDependencies(deps, job);
}

function editedPayload(specs: SpecRegistry, type: string, body: unknown): JsonObject | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new ValidationError('The retry body must be a JSON object like {"payload": {...}}.');
  }
  const { payload, ...rest } = body as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0)
    throw new ValidationError(`Unknown field(s): ${unknown.join(', ')}.`, { fields: unknown });
  return payload === undefined ? undefined : parsePayload(specs, type, payload);
}
