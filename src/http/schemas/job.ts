import { z } from 'zod';
import { DEPENDENCY_POLICIES } from '../../core/dependencies.ts';
import type { AttemptRecord, Job, JobError, JobStatusView } from '../../core/job.ts';
import { type HeldBack, HOLD_REASONS } from '../../core/limits.ts';
import type { JobSummary } from '../../core/ports.ts';
import { PRIORITIES } from '../../core/priority.ts';
import { JOB_STATUSES } from '../../core/status.ts';
import type { Agree, Assert } from './agree.ts';
import { count, instant, jsonObject, jsonValue } from './common.ts';

export const jobStatus = z
  .enum(JOB_STATUSES)
  .describe(
    'waiting (for the jobs it dependsOn to end), scheduled (waiting for its runAt, more than 15 minutes ahead), pending (queued, or waiting for a retry), running, completed, failed or canceled; the last three are final',
  );

export const jobError = z
  .object({
    name: z.string().describe('The error class or code, e.g. JobTimeout or PermanentJobError'),
    message: z.string(),
    permanent: z.boolean().optional().describe('The handler said retrying cannot help'),
  })
  .describe('What went wrong in a failed attempt');

export const attemptRecord = z
  .object({
    startedAt: instant,
    workerId: z.string().optional().describe('The worker instance that ran the attempt'),
    finishedAt: instant.optional().describe('Unset while the attempt runs, or if its worker died'),
    outcome: z.enum(['completed', 'failed', 'retried', 'canceled']).optional(),
    error: jobError.optional(),
  })
  .describe('One attempt of the current run');

export const heldBack = z
  .object({
    reason: z
      .enum(HOLD_REASONS)
      .describe('The limit that is full: concurrency (the type’s), keyConcurrency or keyRate (its key’s)'),
    message: z.string().describe('Which limit, in words'),
    since: instant.describe('The first hold of this wait'),
    until: instant.describe('When it tries again'),
    times: count.describe('Holds so far in this wait'),
  })
  .describe('Why a pending job waits: a limit of its type is full. Not an attempt; cleared when it starts');

export const jobProgress = z
  .object({
    percent: z.number().min(0).max(100).describe('0–100, as the handler last reported it'),
    message: z.string().optional(),
    at: instant.describe('When the handler reported it'),
  })
  .describe('How far the running (or last) attempt got, by its own account; stored at most once a second');

const jobFields = {
  id: z.string(),
  type: z.string().describe('The job type'),
  payload: jsonObject.describe('The payload as validated against the job type’s schema'),
  status: jobStatus,
  attempts: count.describe('Attempts started so far'),
  maxAttempts: count,
  createdAt: instant,
  updatedAt: instant,
  runAt: instant
    .optional()
    .describe(
      'The earliest time the job may start, when submitted with delaySeconds or runAt, or rescheduled',
    ),
  priority: z
    .enum(PRIORITIES)
    .optional()
    .describe(
      'The queue the job travels on: high, default or low (absent on jobs stored before priorities: default)',
    ),
  limitKey: z
    .string()
    .optional()
    .describe('Its key under the job type’s keyLimits, read from the payload at submission'),
  heldBack: heldBack.optional(),
  progress: jobProgress.optional(),
  dependsOn: z
    .array(z.string())
    .optional()
    .describe(
      'The jobs this one waits for: it stays waiting until they end, then runs or ends by its policy',
    ),
  onDependencyFailure: z
    .enum(DEPENDENCY_POLICIES)
    .optional()
    .describe(
      'When a dependency ends failed or canceled: fail (this job fails, naming it), skip (it is canceled) or run (it runs anyway)',
    ),
  dependencyOutcomes: z
    .record(z.string(), z.enum(['completed', 'failed', 'canceled']))
    .optional()
    .describe('How each dependency that ended so far ended, by id'),
  dependenciesLeft: count.optional().describe('How many of its dependencies have not ended yet'),
  dependents: z
    .array(z.string())
    .optional()
    .describe('The jobs that wait for this one (named it in dependsOn before it ended)'),
  keptBy: z
    .array(z.string())
    .optional()
    .describe(
      'Unfinished jobs that depend on this finished one: it is kept (no expiresAt) until they finish',
    ),
  batchId: z.string().optional().describe('The batch it was submitted in (GET /batches/{id})'),
  onCompleteOf: z
    .string()
    .optional()
    .describe('A batch’s callback: the batch after whose jobs it runs (they are its dependsOn)'),
  startedAt: instant.optional().describe('When the latest attempt started'),
  finishedAt: instant.optional(),
  result: jsonValue.optional().describe('What the handler returned (completed jobs)'),
  error: jobError.optional().describe('The last failed attempt’s error'),
  leaseExpiresAt: instant
    .optional()
    .describe('While running: when the worker’s claim lapses and another delivery may take the job over'),
  nextAttemptAt: instant.optional().describe('While pending after a failure: when the next attempt is due'),
  cancelRequestedAt: instant
    .optional()
    .describe('A cancel was asked for while the job ran; it stops at its worker’s next heartbeat'),
  expiresAt: instant
    .optional()
    .describe('A finished job: when it is removed (its job type’s retention; default 7 days, 30 for failed)'),
  history: z.array(attemptRecord).optional().describe('The attempts of the current run, oldest first'),
  workerId: z.string().optional().describe('The worker instance that claimed the latest attempt'),
};

export const job = z.object(jobFields).describe('A job: GET /jobs/{id}');

export const jobStatusView = job
  .pick({
    id: true,
    type: true,
    status: true,
    attempts: true,
    maxAttempts: true,
    createdAt: true,
    updatedAt: true,
    runAt: true,
    priority: true,
    heldBack: true,
    progress: true,
    dependsOn: true,
    dependenciesLeft: true,
    startedAt: true,
    finishedAt: true,
    nextAttemptAt: true,
    cancelRequestedAt: true,
    error: true,
  })
  .describe('A job’s status, for polling: no payload, result or history');

export const jobSummary = job
  .omit({ payload: true, result: true })
  .describe('A job as GET /jobs lists it: no payload or result');

export type HeldBackAgrees = Assert<Agree<z.infer<typeof heldBack>, HeldBack>>;
export type JobErrorAgrees = Assert<Agree<z.infer<typeof jobError>, JobError>>;
export type AttemptRecordAgrees = Assert<Agree<z.infer<typeof attemptRecord>, AttemptRecord>>;
export type JobAgrees = Assert<Agree<z.infer<typeof job>, Job>>;
export type JobStatusViewAgrees = Assert<Agree<z.infer<typeof jobStatusView>, JobStatusView>>;
export type JobSummaryAgrees = Assert<Agree<z.infer<typeof jobSummary>, JobSummary>>;
