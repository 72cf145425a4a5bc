import { classifyUnclaimable, isClaimable } from '../../core/claim.ts';
import { JobAlreadyExistsError } from '../../core/errors.ts';
import { type AttemptRecord, historyError, type Job, type JobError } from '../../core/job.ts';
import { canMove, LIFECYCLE } from '../../core/lifecycle.ts';
import type { ChangedRange, JobStore, JobSummary, ListPosition } from '../../core/ports.ts';
import { isRetrying } from '../../core/stats/failures.ts';
import { isTerminal, type JobStatus } from '../../core/status.ts';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The JobStore contract held in a Map, for unit tests and as the reference the DynamoDB adapter is
 * checked against (test/integration/job-store.conformance.test.ts runs the same cases on both).
 */
export function createMemoryJobStore(): JobStore & { readonly jobs: ReadonlyMap<string, Job> } {
  const jobs = new Map<string, Job>();
  /** Applies `change` when `guard` holds, like a conditional write; returns the new job or undefined. */
  const update = (id: string, guard: (job: Job) => boolean, change: (job: Mutable<Job>) => void) => {
    const job = jobs.get(id);
    if (!job || !guard(job)) return undefined;
    const next: Mutable<Job> = structuredClone(job);
    change(next);
    jobs.set(id, next);
    return structuredClone(next) as Job;
  };
  const owns = (attempt: number) => (job: Job) => job.status === 'running' && job.attempts === attempt;
  const get = (id: string) => {
    const job = jobs.get(id);
    return job ? (structuredClone(job) as Job) : undefined;
  };

  return {
    jobs,
    async create(job) {
      if (jobs.has(job.id)) throw new JobAlreadyExistsError(job.id);
      jobs.set(job.id, structuredClone(job));
    },
    async createMany(batch) {
      for (const job of batch) jobs.set(job.id, structuredClone(job));
      return { failed: [] };
    },
    get: async (id) => get(id),
    async claim(id, now, leaseUntil, options) {
      const at = now.toISOString();
      const job = update(
        id,
        (j) => isClaimable(j, now),
        (j) => {
          j.status = 'running';
          j.attempts += 1;
          j.startedAt = at;
          j.updatedAt = at;
          j.leaseExpiresAt = leaseUntil.toISOString();
          delete j.nextAttemptAt;
          delete j.heldBack;
          delete j.progress;
          if (options?.workerId) j.workerId = options.workerId;
          else delete j.workerId;
          j.history = [
            ...(j.history ?? []),
            { startedAt: at, ...(options?.workerId ? { workerId: options.workerId } : {}) },
          ];
        },
      );
      return job ? { kind: 'claimed', job } : classifyUnclaimable(get(id), now);
    },
    async complete(id, attempt, result, now, historyIndex, expiresAt) {
      return update(id, owns(attempt), (j) => {
        j.status = 'completed';
        if (expiresAt) j.expiresAt = expiresAt.toISOString();
        j.result = result;
        j.finishedAt = j.updatedAt = now.toISOString();
        delete j.leaseExpiresAt;
        delete j.error;
        closeEntry(j, historyIndex, 'completed', j.finishedAt);
      });
    },
    async fail(id, attempt, error, next, now, historyIndex, expiresAt) {
      return update(id, owns(attempt), (j) => {
        if (next.status === 'failed' && expiresAt) j.expiresAt = expiresAt.toISOString();
        j.status = next.status;
        j.error = error;
        j.updatedAt = now.toISOString();
        delete j.leaseExpiresAt;
        if (next.status === 'pending') j.nextAttemptAt = next.retryAt.toISOString();
        else j.finishedAt = j.updatedAt;
        closeEntry(j, historyIndex, next.status === 'pending' ? 'retried' : 'failed', j.updatedAt, error);
      });
    },
    async cancelRunning(id, attempt, now, historyIndex, expiresAt) {
      return update(id, owns(attempt), (j) => {
        if (expiresAt) j.expiresAt = expiresAt.toISOString();
        j.status = 'canceled';
        j.finishedAt = j.updatedAt = now.toISOString();
        delete j.leaseExpiresAt;
        closeEntry(j, historyIndex, 'canceled', j.finishedAt);
      });
    },
    async requestCancel(id, now, expiresAt) {
      const at = now.toISOString();
      const canceled = update(
        id,
        (j) => canMove('cancelBeforeStart', j.status),
        (j) => {
          j.status = 'canceled';
          if (expiresAt) j.expiresAt = expiresAt.toISOString();
          delete j.heldBack;
          j.finishedAt = j.updatedAt = at;
          delete j.nextAttemptAt;
        },
      );
      if (canceled) return { kind: 'canceled', job: canceled };
      // Not a move: the running job's worker sees the request at its next heartbeat and stops.
      const requested = update(
        id,
        (j) => j.status === 'running',
        (j) => {
          j.cancelRequestedAt = j.updatedAt = at;
        },
      );
      if (requested) return { kind: 'requested', job: requested };
      const job = get(id);
      return job ? { kind: 'finished', job } : { kind: 'missing' };
    },
    async renewLease(id, attempt, leaseUntil) {
      return update(id, owns(attempt), (j) => {
        j.leaseExpiresAt = leaseUntil.toISOString();
      });
    },
    async reset(id, move, now, payload, dependencyCount) {
      return update(
        id,
        (j) => canMove(move, j.status) && (move !== 'rewait' || j.dependsOn?.length === dependencyCount),
        (j) => {
          j.status = move === 'rewait' ? 'waiting' : 'pending';
          if (move === 'rewait') {
            j.dependencyOutcomes = {};
            j.dependenciesLeft = dependencyCount ?? 0;
          }
          j.attempts = 0;
          j.updatedAt = now.toISOString();
          if (payload) j.payload = payload;
          for (const key of [
            'finishedAt',
            'result',
            'leaseExpiresAt',
            'nextAttemptAt',
            'cancelRequestedAt',
            'history',
            'runAt',
            'expiresAt',
            'progress',
          ] as const) {
            delete j[key];
          }
        },
      );
    },
    async addDependent(id, dependent) {
      const added = update(
        id,
        (j) => !isTerminal(j.status),
        (j) => {
          j.dependents = [...new Set([...(j.dependents ?? []), dependent])].sort();
        },
      );
      if (added) return { kind: 'added' };
      const job = get(id);
      return job ? { kind: 'finished', job } : { kind: 'missing' };
    },
    async resolveDependency(id, dependency, outcome) {
      return update(
        id,
        (j) =>
          j.status === 'waiting' &&
          (j.dependsOn ?? []).includes(dependency) &&
          j.dependencyOutcomes?.[dependency] === undefined,
        (j) => {
          j.dependencyOutcomes = { ...j.dependencyOutcomes, [dependency]: outcome };
          j.dependenciesLeft = (j.dependenciesLeft ?? 0) - 1;
        },
      );
    },
    async release(id, now) {
      return update(
        id,
        (j) => canMove('release', j.status),
        (j) => {
          j.status = 'pending';
          j.updatedAt = now.toISOString();
        },
      );
    },
    async endWaiting(id, end) {
      return update(
        id,
        (j) => canMove(end.move, j.status),
        (j) => {
          j.status = LIFECYCLE[end.move].to;
          j.finishedAt = j.updatedAt = end.now.toISOString();
          if (end.error) j.error = end.error;
          if (end.expiresAt) j.expiresAt = end.expiresAt.toISOString();
        },
      );
    },
    async keep(id, dependents) {
      if (dependents.length === 0) return;
      update(
        id,
        (j) => isTerminal(j.status),
        (j) => {
          j.keptBy = [...new Set([...(j.keptBy ?? []), ...dependents])].sort();
          delete j.expiresAt;
        },
      );
    },
    async unkeep(id, dependent, expiresAt) {
      const job = update(
        id,
        (j) => j.keptBy !== undefined,
        (j) => {
          const left = (j.keptBy ?? []).filter((keeper) => keeper !== dependent);
          if (left.length > 0) j.keptBy = left;
          else delete j.keptBy;
        },
      );
      if (job && !job.keptBy && !job.expiresAt && isTerminal(job.status))
        update(
          id,
          () => true,
          (j) => {
            j.expiresAt = new Date(Math.ceil(expiresAt.getTime() / 1000) * 1000).toISOString();
          },
        );
    },
    async getMany(ids) {
      return [...new Set(ids)].flatMap((id) => {
        const job = get(id);
        return job ? [job] : [];
      });
    },
    async listDue(until, limit) {
      return [...jobs.values()]
        .filter((j) => j.status === 'scheduled' && j.runAt !== undefined && j.runAt <= until.toISOString())
        .sort((a, b) => (a.runAt ?? '').localeCompare(b.runAt ?? ''))
        .slice(0, limit)
        .map((j) => ({ id: j.id, type: j.type, runAt: j.runAt ?? '' }));
    },
    async promote(id, runAt, now) {
      return update(
        id,
        (j) => canMove('promote', j.status) && j.runAt === runAt,
        (j) => {
          j.status = 'pending';
          j.updatedAt = now.toISOString();
        },
      );
    },
    async reschedule(id, runAt, now) {
      return update(
        id,
        (j) => canMove('reschedule', j.status),
        (j) => {
          j.runAt = runAt.toISOString();
          j.updatedAt = now.toISOString();
        },
      );
    },
    async reportProgress(id, attempt, progress) {
      return !!update(id, owns(attempt), (j) => {
        j.progress = progress;
      });
    },
    async holdBack(id, hold) {
      return update(
        id,
        (j) => j.status === 'pending',
        (j) => {
          j.heldBack = {
            reason: hold.reason,
            message: hold.message,
            since: j.heldBack?.since ?? hold.at.toISOString(),
            until: hold.until.toISOString(),
            times: (j.heldBack?.times ?? 0) + 1,
          };
        },
      );
    },
    async removeExpired(id, now) {
      const job = jobs.get(id);
      const finished = job?.status === 'completed' || job?.status === 'failed' || job?.status === 'canceled';
      // Whole seconds, as DynamoDB's TTL attribute stores them.
      if (
        !job?.expiresAt ||
        !finished ||
        Math.ceil(Date.parse(job.expiresAt) / 1000) > Math.floor(now.getTime() / 1000)
      )
        return false;
      return jobs.delete(id);
    },
    async removePending(id) {
      const job = jobs.get(id);
      if (
        job &&
        (job.status === 'pending' || job.status === 'scheduled' || job.status === 'waiting') &&
        job.attempts === 0
      )
        jobs.delete(id);
    },
    async listByStatus(status, before, limit) {
      return [...jobs.values()]
        .filter((j) => j.status === status && j.updatedAt < before.toISOString())
        .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt))
        .slice(0, limit)
        .map(({ payload: _payload, result: _result, ...summary }) => structuredClone(summary));
    },
    async countByStatus(status) {
      let n = 0;
      for (const job of jobs.values()) if (job.status === status) n++;
      return n;
    },
    async *listChanged(status, range = {}) {
      const matching = changed(jobs.values(), status, range).sort(
        (a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.id.localeCompare(b.id),
      );
      for (const job of matching) yield summary(job);
    },
    async countChanged(status, range = {}) {
      return changed(jobs.values(), status, range).length;
    },
    async listNewest(status, query) {
      const matching = [...jobs.values()]
        .filter((j) => j.status === status && (!query.type || j.type === query.type))
        .filter((j) => !query.after || before(j, query.after))
        .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || b.id.localeCompare(a.id));
      const page = matching.slice(0, query.limit);
      const last = page.at(-1);
      return {
        jobs: page.map(summary),
        next: last && matching.length > page.length ? { updatedAt: last.updatedAt, id: last.id } : null,
      };
    },
  };
}

function changed(jobs: Iterable<Job>, status: JobStatus, range: ChangedRange): Job[] {
  const after = range.after?.toISOString();
  const until = range.until?.toISOString();
  return [...jobs].filter(
    (j) =>
      j.status === status &&
      (after === undefined || j.updatedAt > after) &&
      (until === undefined || j.updatedAt <= until) &&
      (!range.retryingOnly || isRetrying(j)),
  );
}

/** Whether the job comes after `position` in newest-first order (updatedAt, then id, descending). */
function before(job: Job, position: ListPosition): boolean {
  return job.updatedAt < position.updatedAt || (job.updatedAt === position.updatedAt && job.id < position.id);
}

function summary({ payload: _payload, result: _result, ...rest }: Job): JobSummary {
  return structuredClone(rest);
}

/** Mirrors closeHistoryEntry: the outcome written into entry `index`, as DynamoDB would. */
function closeEntry(
  job: Mutable<Job>,
  index: number | undefined,
  outcome: NonNullable<AttemptRecord['outcome']>,
  at: string,
  error?: JobError,
): void {
  const entry = index === undefined ? undefined : job.history?.[index];
  if (!entry || !job.history) return;
  const closed: AttemptRecord = {
    ...entry,
    finishedAt: at,
    outcome,
    ...(error ? { error: historyError(error) } : {}),
  };
  job.history = job.history.map((e, i) => (i === index ? closed : e));
}
