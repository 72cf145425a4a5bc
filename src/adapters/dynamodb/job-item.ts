import {
  DEFAULT_DEPENDENCY_POLICY,
  DEPENDENCY_POLICIES,
  type DependencyPolicy,
} from '../../core/dependencies.ts';
import type { AttemptRecord, Job, JobError } from '../../core/job.ts';
import type { JsonObject, JsonValue } from '../../core/json.ts';
import { type HeldBack, HOLD_REASONS, type HoldReason } from '../../core/limits.ts';
import type { JobSummary } from '../../core/ports.ts';
import { isPriority, type Priority } from '../../core/priority.ts';
import type { JobProgress } from '../../core/progress.ts';
import type { FinishedStatus } from '../../core/stats/window.ts';
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
  limitKey?: string;
  /** `heldBack`, stored flat so a hold is one write (hold-back-job.ts). */
  heldBackReason?: HoldReason;
  heldBackMessage?: string;
  heldBackSince?: string;
  heldBackUntil?: string;
  heldBackTimes?: number;
  progress?: JobProgress;
  dependsOn?: readonly string[];
  onDependencyFailure?: DependencyPolicy;
  dependencyOutcomes?: Record<string, FinishedStatus>;
  dependenciesLeft?: number;
  /** A string set, so adding one is an idempotent ADD. */
  dependents?: Set<string>;
  keptBy?: Set<string>;
  batchId?: string;
  onCompleteOf?: string;
  /** Epoch seconds: the table's TTL attribute. */
  expiresAt?: number;
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
  const { heldBack, expiresAt, dependents, keptBy, ...rest } = job;
  const item: JobItem = {
    ...rest,
    ...(keptBy && keptBy.length > 0 ? { keptBy: new Set(keptBy) } : {}),
    ...(dependents && dependents.length > 0 ? { dependents: new Set(dependents) } : {}),
    ...(expiresAt ? { expiresAt: Math.ceil(Date.parse(expiresAt) / 1000) } : {}),
    ...(heldBack
      ? {
          heldBackReason: heldBack.reason,
          heldBackMessage: heldBack.message,
          heldBackSince: heldBack.since,
          heldBackUntil: heldBack.until,
          heldBackTimes: heldBack.times,
        }
      : {}),
  };
  return job.status === 'scheduled' ? { ...item, scheduledKey: SCHEDULED_INDEX.partition } : item;
}

function heldBackOf(item: Record<string, unknown>): { heldBack?: HeldBack } {
  const reason = item.heldBackReason;
  if (!HOLD_REASONS.includes(reason as HoldReason)) return {};
  return {
    heldBack: {
      reason: reason as HoldReason,
      message: String(item.heldBackMessage ?? ''),
      since: String(item.heldBackSince ?? ''),
      until: String(item.heldBackUntil ?? ''),
      times: Number(item.heldBackTimes ?? 1),
    },
  };
}

function dependenciesOf(item: Record<string, unknown>): Partial<Job> {
  const dependents = item.dependents instanceof Set ? [...item.dependents].map(String).sort() : undefined;
  const keptBy = item.keptBy instanceof Set ? [...item.keptBy].map(String).sort() : undefined;
  return {
    ...(Array.isArray(item.dependsOn)
      ? {
          dependsOn: item.dependsOn.map(String),
          onDependencyFailure: DEPENDENCY_POLICIES.includes(item.onDependencyFailure as DependencyPolicy)
            ? (item.onDependencyFailure as DependencyPolicy)
            : DEFAULT_DEPENDENCY_POLICY,
          dependencyOutcomes: (item.dependencyOutcomes ?? {}) as Record<string, FinishedStatus>,
          dependenciesLeft: Number(item.dependenciesLeft ?? 0),
        }
      : {}),
    ...(dependents && dependents.length > 0 ? { dependents } : {}),
    ...(keptBy && keptBy.length > 0 ? { keptBy } : {}),
  };
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
    ...(typeof item.limitKey === 'string' ? { limitKey: item.limitKey } : {}),
    ...heldBackOf(item),
    ...(item.progress ? { progress: item.progress as JobProgress } : {}),
    ...dependenciesOf(item),
    ...(typeof item.batchId === 'string' ? { batchId: item.batchId } : {}),
    ...(typeof item.onCompleteOf === 'string' ? { onCompleteOf: item.onCompleteOf } : {}),
    // Epoch seconds in the table (DynamoDB's TTL reads them so), an instant for everyone else.
    ...(typeof item.expiresAt === 'number'
      ? { expiresAt: new Date(item.expiresAt * 1000).toISOString() }
      : {}),
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
