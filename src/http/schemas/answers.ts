import { z } from 'zod';
import type { BatchView } from '../../core/batch.ts';
import type { JobStatus } from '../../core/status.ts';
import type { BatchCanceled } from '../../core/use-cases/batches.ts';
import type { JobList } from '../../core/use-cases/list-jobs.ts';
import type { ErrorBody } from '../response.ts';
import type { Agree, Assert, ReadonlyDeep } from './agree.ts';
import { instant } from './common.ts';
import { jobStatus, jobSummary } from './job.ts';
import { MAX_LIST_LIMIT } from './query.ts';

/**
 * POST /jobs, POST /jobs/{id}/retry and POST /jobs/{id}/reschedule: the job is stored and its message
 * is on the queue, or it is `scheduled` and the sweeper queues it when its time nears.
 */
export const jobAccepted = z
  .object({
    id: z.string(),
    status: jobStatus,
    runAt: instant.optional().describe('When it may start, for a job submitted with delaySeconds or runAt'),
    duplicate: z
      .literal(true)
      .optional()
      .describe(
        'The idempotency key was taken: this is its first job (status as it is now); nothing was created',
      ),
  })
  .describe(
    'The job is stored and its message is on the queue (pending), or it waits for its runAt (scheduled) or for the jobs it dependsOn (waiting; failed or canceled at once when one already ended so under its policy)',
  );

/** POST /jobs/{id}/cancel. */
export const cancelAccepted = z
  .object({
    id: z.string(),
    status: jobStatus.describe(
      'canceled for a scheduled or pending job; running for a running one, until it stops',
    ),
    cancelRequested: z
      .literal(true)
      .optional()
      .describe('The job was running: its handler is asked to stop at the worker’s next heartbeat'),
  })
  .describe('The job is canceled, or asked to stop');

/** GET /jobs: one page, newest change first. */
export const jobPage = z
  .object({
    jobs: z.array(jobSummary),
    nextCursor: z.string().nullable().describe('Pass back as cursor for the next page; null at the end'),
    limit: z.int().min(1).max(MAX_LIST_LIMIT).describe('The page size used'),
    limitCapped: z
      .literal(true)
      .optional()
      .describe(`The limit asked for was above ${MAX_LIST_LIMIT} and was capped`),
  })
  .describe('A page of jobs, newest change first, without payloads');

export const health = z.object({ status: z.literal('ok') }).describe('The API is deployed and reachable');

function errorFieldsOf() {
  return {
    message: z.string().describe('For people; may change'),
    details: z
      .record(z.string(), z.unknown())
      .describe('What the code needs: the field, the id, the limit, the request id'),
  };
}
const errorFields = errorFieldsOf();

/** POST /jobs/batch: one result per submitted job, in order. */
export const batchAccepted = z
  .object({
    accepted: z.int().nonnegative().describe('How many jobs were stored and queued'),
    rejected: z.int().nonnegative().describe('How many were refused'),
    results: z
      .array(
        z.xor([
          z
            .object({
              accepted: z.literal(true),
              id: z.string(),
              status: jobStatus,
              duplicate: z
                .literal(true)
                .optional()
                .describe(
                  'Its idempotency key was taken: the key’s first job, with its status now; nothing was created',
                ),
            })
            .describe(
              'Stored and queued (pending) or scheduled, as POST /jobs answers 202; or a duplicate, as it answers 200',
            ),
          z
            .object({
              accepted: z.literal(false),
              error: z.object({ code: z.string().describe('For programs'), ...errorFieldsOf() }),
            })
            .describe('Refused: the error POST /jobs would answer for this job alone'),
        ]),
      )
      .describe('In the order the jobs were submitted'),
    batchId: z
      .string()
      .optional()
      .describe('With batch: the batch’s id (GET /batches/{id}); absent when no job was accepted'),
  })
  .describe('What became of each job of a batch');

/** The one error shape of the API and of API Gateway's own answers. */
export const errorBody = z
  .object({ error: z.object({ code: z.string().describe('For programs'), ...errorFields }) })
  .describe('An error');

/** The error body with one given code. */
export function errorBodyOf(code: string) {
  return z.object({ error: z.object({ code: z.literal(code), ...errorFields }) });
}

export type AnswersAgree = [
  Assert<Agree<Pick<z.infer<typeof jobPage>, 'jobs' | 'nextCursor'>, JobList>>,
  Assert<Agree<z.infer<typeof errorBody>, ErrorBody>>,
];

/** GET /batches/{id}. */
export const batchView = z
  .object({
    id: z.string(),
    createdAt: instant,
    jobIds: z.array(z.string()).describe('The jobs the batch created, in the order submitted'),
    callbackJobId: z.string().optional().describe('The onComplete job'),
    total: z.int().nonnegative(),
    counts: z
      .object({
        waiting: z.int().nonnegative(),
        scheduled: z.int().nonnegative(),
        pending: z.int().nonnegative(),
        running: z.int().nonnegative(),
        completed: z.int().nonnegative(),
        failed: z.int().nonnegative(),
        canceled: z.int().nonnegative(),
      } satisfies Record<JobStatus, z.ZodInt>)
      .describe('The batch’s jobs by status now'),
    finished: z.int().nonnegative().describe('Jobs that reached a final status'),
    progress: z.number().min(0).max(1).describe('finished / total'),
    jobs: z
      .array(z.object({ id: z.string(), type: z.string(), status: jobStatus }))
      .describe('Each job still stored, in the order submitted'),
    onComplete: z
      .object({ id: z.string(), type: z.string(), status: jobStatus })
      .optional()
      .describe('The callback: waiting until every job of the batch is final, then run once'),
  })
  .describe('A batch: its jobs by status, and its callback');

/** GET /batches. */
export const batchList = z
  .object({
    batches: z.array(
      z.object({
        id: z.string(),
        createdAt: instant,
        total: z.int().nonnegative(),
        callbackJobId: z.string().optional(),
      }),
    ),
  })
  .describe('The newest batches first (their progress: GET /batches/{id})');

/** POST /batches/{id}/cancel. */
export const batchCanceled = z
  .object({
    id: z.string(),
    canceled: z.int().nonnegative().describe('Jobs canceled before they started'),
    stopping: z.int().nonnegative().describe('Running jobs asked to stop at their next heartbeat'),
    finished: z.int().nonnegative().describe('Jobs that had ended already'),
  })
  .describe('The batch’s unfinished jobs are canceled; its callback still runs, once they have all ended');

/** The answers the API function builds in place; its routes check them with `satisfies`. */
export type JobAcceptedBody = ReadonlyDeep<z.infer<typeof jobAccepted>>;
export type BatchAcceptedBody = ReadonlyDeep<z.infer<typeof batchAccepted>>;
export type CancelAcceptedBody = ReadonlyDeep<z.infer<typeof cancelAccepted>>;
export type JobPageBody = ReadonlyDeep<z.infer<typeof jobPage>>;
export type HealthBody = ReadonlyDeep<z.infer<typeof health>>;
export type BatchViewBody = ReadonlyDeep<z.infer<typeof batchView>>;
export type BatchListBody = ReadonlyDeep<z.infer<typeof batchList>>;
export type BatchCanceledBody = ReadonlyDeep<z.infer<typeof batchCanceled>>;

export type BatchAnswersAgree = [
  Assert<Agree<z.infer<typeof batchView>, BatchView>>,
  Assert<Agree<z.infer<typeof batchCanceled>, BatchCanceled>>,
];
