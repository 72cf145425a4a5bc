import type { AttemptRecord, Job, JobError } from '../../core/job.ts';
import type { JsonObject, JsonValue } from '../../core/json.ts';
import type { JobSummary } from '../../core/ports.ts';
import { isPriority, type Priority } from '../../core/priority.ts';
import { isJobStatus } from '../../core/status.ts';
import { SCHEDULED_INDEX } from './jobs-table.ts';

/**
 * The stored shape of a job. It matches the domain Job today, but is its own type so that storage
 * concerns (index keys, TTL) never leak into the API.
 */
export interface JobItem {
  id: string;
  type: string;
  payload: JsonObject;
  status: string;
  attempts: number;
  maxAttempts: number;
  createdAt: string;
  updatedAt: string;
  runAt?: string;
  priority?: Priority;
  /** SCHEDULED_INDEX's partition key: set only while the job is scheduled. */
  scheduledKey?: string;
  startedAt?: string;
  finishedAt?: string;
  result?: JsonValue;
  error?: JobError;
  leaseExpiresAt?: string;
  nextAttemptAt?: string;
  cancelRequestedAt?: string;
  workerId?: string;
  history?: readonly AttemptRecord[];
}

export function toJobItem(job: Job): JobItem {
  return job.status === 'scheduled' ? { ...job, scheduledKey: SCHEDULED_INDEX.partition } : { ...job };
}

export function fromJobItem(item: Record<string, unknown>): Job {
  const status = item.status;
  if (!isJobStatus(status))
    throw new Error(`Stored job ${String(item.id)} has unknown status ${String(status)}`);
  const job: Job = {
    id: String(item.id),
    type: String(item.type),
    payload: (item.payload ?? {}) as JsonObject,
    status,
    attempts: Number(item.attempts ?? 0),
    maxAttempts: Number(item.maxAttempts ?? 1),
    createdAt: String(item.createdAt),
    updatedAt: String(item.updatedAt),
    ...(item.runAt ? { runAt: String(item.runAt) } : {}),
    ...(isPriority(item.priority) ? { priority: item.priority } : {}),
    ...(item.startedAt ? { startedAt: String(item.startedAt) } : {}),
    ...(item.finishedAt ? { finishedAt: String(item.finishedAt) } : {}),
    ...(item.result !== undefined ? { result: item.result as JsonValue } : {}),
    ...(item.error ? { error: item.error as JobError } : {}),
    ...(item.leaseExpiresAt ? { leaseExpiresAt: String(item.leaseExpiresAt) } : {}),
    ...(item.nextAttemptAt ? { nextAttemptAt: String(item.nextAttemptAt) } : {}),
    ...(item.cancelRequestedAt ? { cancelRequestedAt: String(item.cancelRequestedAt) } : {}),
    ...(item.workerId ? { workerId: String(item.workerId) } : {}),
    ...(Array.isArray(item.history) ? { history: item.history as AttemptRecord[] } : {}),
  };
  return job;
}

/** What the byStatus index returns of a job (its projection leaves out payload and result). */
export function toJobSummary(item: Record<string, unknown>): JobSummary {
  const { payload: _payload, result: _result, ...summary } = fromJobItem(item);
  return summary;
}
