import type { JobStore } from '../../core/ports.ts';
import { addDependent } from './add-dependent.ts';
import { cancelRunningJob } from './cancel-running-job.ts';
import { claimJob } from './claim-job.ts';
import { completeJob } from './complete-job.ts';
import { countChangedJobs } from './count-changed-jobs.ts';
import { countJobsByStatus } from './count-jobs-by-status.ts';
import { createJob } from './create-job.ts';
import { createJobs } from './create-jobs.ts';
import { endWaitingJob } from './end-waiting-job.ts';
import { failJob } from './fail-job.ts';
import { getJob } from './get-job.ts';
import { getJobs } from './get-jobs.ts';
import { holdBackJob } from './hold-back-job.ts';
import type { JobsTableRef } from './jobs-table.ts';
import { keepJob, unkeepJob } from './keep-job.ts';
import { listChangedJobs } from './list-changed-jobs.ts';
import { listDueJobs } from './list-due-jobs.ts';
import { listJobsByStatus } from './list-jobs-by-status.ts';
import { listNewestJobs } from './list-newest-jobs.ts';
import { promoteJob } from './promote-job.ts';
import { releaseJob } from './release-job.ts';
import { removeExpiredJob } from './remove-expired-job.ts';
import { removePendingJob } from './remove-pending-job.ts';
import { renewLease } from './renew-lease.ts';
import { reportProgress } from './report-progress.ts';
import { requestCancel } from './request-cancel.ts';
import { rescheduleJob } from './reschedule-job.ts';
import { resetJob } from './reset-job.ts';
import { resolveDependency } from './resolve-dependency.ts';

export function createDynamoJobStore(table: JobsTableRef): JobStore {
  return {
    create: (job) => createJob(table, job),
    createMany: (jobs) => createJobs(table, jobs),
    get: (id) => getJob(table, id),
    claim: (id, now, leaseUntil, options) => claimJob(table, id, now, leaseUntil, options),
    complete: (id, attempt, result, now, historyIndex, expiresAt) =>
      completeJob(table, id, attempt, result, now, historyIndex, expiresAt),
    fail: (id, attempt, error, next, now, historyIndex, expiresAt) =>
      failJob(table, id, attempt, error, next, now, historyIndex, expiresAt),
    cancelRunning: (id, attempt, now, historyIndex, expiresAt) =>
      cancelRunningJob(table, id, attempt, now, historyIndex, expiresAt),
    requestCancel: (id, now, expiresAt) => requestCancel(table, id, now, expiresAt),
    removeExpired: (id, now) => removeExpiredJob(table, id, now),
    reportProgress: (id, attempt, progress) => reportProgress(table, id, attempt, progress),
    renewLease: (id, attempt, leaseUntil) => renewLease(table, id, attempt, leaseUntil),
    reset: (id, move, now, payload, dependencyCount) =>
      resetJob(table, id, move, now, payload, dependencyCount),
    addDependent: (id, dependent) => addDependent(table, id, dependent),
    resolveDependency: (id, dependency, outcome) => resolveDependency(table, id, dependency, outcome),
    release: (id, now) => releaseJob(table, id, now),
    endWaiting: (id, end) => endWaitingJob(table, id, end),
    getMany: (ids) => getJobs(table, ids),
    keep: (id, dependents) => keepJob(table, id, dependents),
    unkeep: (id, dependent, expiresAt) => unkeepJob(table, id, dependent, expiresAt),
    listDue: (until, limit) => listDueJobs(table, until, limit),
    promote: (id, runAt, now) => promoteJob(table, id, runAt, now),
    reschedule: (id, runAt, now) => rescheduleJob(table, id, runAt, now),
    holdBack: (id, hold) => holdBackJob(table, id, hold),
    removePending: (id) => removePendingJob(table, id),
    countByStatus: (status) => countJobsByStatus(table, status),
    listByStatus: (status, before, limit) => listJobsByStatus(table, status, before, limit),
    listChanged: (status, range) => listChangedJobs(table, status, range),
    countChanged: (status, range) => countChangedJobs(table, status, range),
    listNewest: (status, query) => listNewestJobs(table, status, query),
  };
}
