import { z } from 'zod';
import { idempotencyKeySchema } from '../../core/idempotency.ts';
import { PROMETHEUS_CONTENT_TYPE } from '../../core/stats/prometheus.ts';
import type { ApiRoute } from '../routes.ts';
import { listJobsQuery, statsQuery } from '../schemas/query.ts';
import { BODY_ERRORS, type FunctionErrorCode } from './errors.ts';
import type { RequestComponent } from './requests.ts';
import type { ResponseComponent } from './responses.ts';

export const TAGS = {
  Jobs: 'Submit, read, cancel and retry jobs',
  Batches: 'Jobs submitted as one batch: their progress, a callback after the last, cancel',
  'Dead letters': 'Jobs that ran out of attempts, in the dead-letter queue',
  Schedules: 'Recurring schedules: each firing submits one job',
  Monitoring: 'Status, stats, workers and Prometheus metrics',
  Dashboard: 'The web dashboard',
  Service: 'Health and this document',
} as const;

export type Tag = keyof typeof TAGS;

export interface Header {
  readonly description: string;
  readonly schema: z.ZodType;
}

export interface Answer {
  readonly description: string;
  /** A JSON body, described by a component. */
  readonly json?: ResponseComponent;
  /** A body of another media type (one entry per media type it may come in). */
  readonly content?: readonly { readonly mediaType: string; readonly schema: z.ZodType }[];
  readonly headers?: Readonly<Record<string, Header>>;
}

/** One route as the document describes it; its errors' statuses are looked up, never written here. */
export interface OperationDoc {
  readonly operationId: string;
  readonly tag: Tag;
  readonly summary: string;
  readonly description?: string;
  readonly pathParameters?: Readonly<Record<string, string>>;
  /** Optional request headers the route reads. */
  readonly requestHeaders?: Readonly<Record<string, Header>>;
  /** The query schema the API parses with: one parameter per field. */
  readonly query?: z.ZodObject;
  readonly body?: { readonly component: RequestComponent; readonly required: boolean };
  readonly answers: Readonly<Record<number, Answer>>;
  /** The API function's error codes; gateway errors follow from the route's auth and body. */
  readonly errors: readonly FunctionErrorCode[];
}

const SCHEDULE_NAME = { name: 'The schedule’s name: 1–64 letters, digits, "_", "-" or "."' };
const JOB_ID = { id: 'The job id (from POST /jobs); one over 128 characters names no job' };
const BATCH_ID = { id: 'The batch id (batchId, from POST /jobs/batch with batch)' };
const text = (mediaType: string, description: string) => [
  { mediaType, schema: z.string().describe(description) },
];
const notModified: Answer = { description: 'Unchanged since the ETag sent in If-None-Match' };
const etag: Header = { description: 'Revalidate with If-None-Match', schema: z.string() };

/** Every route of the API: a route without an entry here is a compile error. */
export const OPERATIONS: Readonly<Record<ApiRoute, OperationDoc>> = {
  'POST /jobs': {
    operationId: 'submitJob',
    tag: 'Jobs',
    summary: 'Submit a job',
    description:
      'The payload goes in `payload` or, flat, next to `type`. Answers once the job is stored and its message is on the queue (`pending`), or, for a start more than 15 minutes ahead (`delaySeconds` or `runAt`), once it is stored `scheduled`. JSON is also read under text/plain and application/x-www-form-urlencoded (what `curl -d` sends).',
    body: { component: 'Submission', required: true },
    requestHeaders: {
      'Idempotency-Key': {
        description:
          'The same as the `idempotencyKey` field (send one, or both equal): a second submission with a key already held answers 200 with the key’s first job and creates nothing',
        schema: idempotencyKeySchema,
      },
    },
    answers: {
      200: {
        description:
          'A duplicate: the idempotency key was taken already; its first job, as it is now (`duplicate: true`)',
        json: 'JobAccepted',
        headers: {
          Location: { description: 'The job: /jobs/{id}', schema: z.string() },
          'Idempotent-Replayed': { description: 'true: nothing was created', schema: z.literal('true') },
        },
      },
      202: {
        description: 'Accepted: the job is stored and queued (or scheduled)',
        json: 'JobAccepted',
        headers: { Location: { description: 'The job: /jobs/{id}', schema: z.string() } },
      },
    },
    errors: [
      ...BODY_ERRORS,
      'UnknownJobType',
      'IdempotencyKeyReused',
      'IdempotencyKeyBusy',
      'Backpressure',
      'EnqueueFailed',
    ],
  },
  'POST /jobs/batch': {
    operationId: 'submitJobs',
    tag: 'Jobs',
    summary: 'Submit up to 500 jobs at once',
    description:
      'Each job is judged on its own: the answer holds one result per job, in order, accepted with its id or refused with the error POST /jobs would give it, and a refused job never sinks the others. A job may name another of the batch in dependsOn by its position. With `batch`, the accepted jobs form a batch (`batchId`; GET /batches/{id}) and `batch.onComplete` runs once after the last of them ends; a batch is stored whole or not at all (EnqueueFailed). The accepted ones are stored 25 and queued 10 to a request, so a job costs fewer requests than through POST /jobs. The whole batch is refused (429) while the queue’s backlog is over its limit.',
    body: { component: 'BatchSubmission', required: true },
    answers: {
      200: {
        description: 'What became of each job (a duplicate of an idempotency key: its first job)',
        json: 'BatchAccepted',
      },
    },
    errors: [...BODY_ERRORS, 'Backpressure', 'EnqueueFailed'],
  },
  'GET /jobs': {
    operationId: 'listJobs',
    tag: 'Jobs',
    summary: 'List jobs, newest change first',
    description: 'Without payloads or results. Page with `cursor`; unknown query parameters are refused.',
    query: listJobsQuery,
    answers: { 200: { description: 'One page of jobs', json: 'JobPage' } },
    errors: ['ValidationError', 'UnknownJobType', 'InvalidCursor'],
  },
  'GET /jobs/{id}': {
    operationId: 'getJob',
    tag: 'Jobs',
    summary: 'Read a job',
    pathParameters: JOB_ID,
    answers: { 200: { description: 'The job, with its payload, result or error, and history', json: 'Job' } },
    errors: ['JobNotFound'],
  },
  'GET /jobs/{id}/status': {
    operationId: 'getJobStatus',
    tag: 'Jobs',
    summary: 'Read a job’s status, for polling',
    pathParameters: JOB_ID,
    answers: { 200: { description: 'The job without payload, result or history', json: 'JobStatusView' } },
    errors: ['JobNotFound'],
  },
  'POST /jobs/{id}/cancel': {
    operationId: 'cancelJob',
    tag: 'Jobs',
    summary: 'Cancel a job',
    description:
      'A scheduled or pending job is canceled at once and never runs; a running one is asked to stop (its abort signal fires at the worker’s next heartbeat) and ends canceled.',
    pathParameters: JOB_ID,
    answers: { 202: { description: 'Canceled, or asked to stop', json: 'CancelAccepted' } },
    errors: ['JobNotFound', 'JobFinished'],
  },
  'POST /jobs/{id}/retry': {
    operationId: 'retryJob',
    tag: 'Jobs',
    summary: 'Run a failed or canceled job again',
    description: 'From attempt 1, optionally with a new payload. The body is optional.',
    pathParameters: JOB_ID,
    body: { component: 'RetryRequest', required: false },
    answers: { 202: { description: 'Pending again and queued', json: 'JobAccepted' } },
    errors: [...BODY_ERRORS, 'JobNotFound', 'JobNotRetryable', 'EnqueueFailed'],
  },
  'POST /jobs/{id}/reschedule': {
    operationId: 'rescheduleJob',
    tag: 'Jobs',
    summary: 'Move a scheduled job’s start',
    description:
      'Only a scheduled job (one due more than 15 minutes after it was submitted, not yet queued). A new start within 15 minutes queues it at once, delayed to that time; a time in the past runs it now.',
    pathParameters: JOB_ID,
    body: { component: 'RescheduleRequest', required: true },
    answers: {
      202: {
        description: 'Rescheduled (scheduled), or queued for its new time (pending)',
        json: 'JobAccepted',
      },
    },
    errors: [...BODY_ERRORS, 'JobNotFound', 'JobNotScheduled', 'EnqueueFailed'],
  },
  'GET /batches': {
    operationId: 'listBatches',
    tag: 'Batches',
    summary: 'List the newest batches',
    description: 'The 20 newest, with their size; GET /batches/{id} has each one’s progress.',
    answers: { 200: { description: 'The newest batches first', json: 'BatchList' } },
    errors: [],
  },
  'GET /batches/{id}': {
    operationId: 'getBatch',
    tag: 'Batches',
    summary: 'Read a batch’s progress',
    description:
      'Its jobs read now and counted by status, the fraction finished, and its onComplete job, which runs once after every job of the batch is final.',
    pathParameters: BATCH_ID,
    answers: { 200: { description: 'The batch', json: 'BatchView' } },
    errors: ['BatchNotFound'],
  },
  'POST /batches/{id}/cancel': {
    operationId: 'cancelBatch',
    tag: 'Batches',
    summary: 'Cancel a batch’s unfinished jobs',
    description:
      'Each as POST /jobs/{id}/cancel would: waiting, scheduled and pending ones at once, running ones asked to stop. Its onComplete job still runs once they have all ended, and sees them canceled.',
    pathParameters: BATCH_ID,
    answers: { 202: { description: 'What was canceled', json: 'BatchCanceled' } },
    errors: ['BatchNotFound'],
  },
  'GET /schedules': {
    operationId: 'listSchedules',
    tag: 'Schedules',
    summary: 'List the recurring schedules',
    description: 'Declared ones (in the jobs module) and those made through PUT /schedules/{name}, by name.',
    answers: { 200: { description: 'Every schedule', json: 'ScheduleList' } },
    errors: [],
  },
  'GET /schedules/{name}': {
    operationId: 'getSchedule',
    tag: 'Schedules',
    summary: 'Read a schedule',
    pathParameters: SCHEDULE_NAME,
    answers: { 200: { description: 'The schedule, its next run and its last firing', json: 'Schedule' } },
    errors: ['ScheduleNotFound'],
  },
  'PUT /schedules/{name}': {
    operationId: 'putSchedule',
    tag: 'Schedules',
    summary: 'Create or replace a schedule',
    description:
      'Its expression, time zone, type and payload are checked now, as each firing’s submission will be. Each firing submits one job through the normal path (validated, visible, retried like any other), exactly once even with two sweeper runs racing; firings missed while the stack was down are caught up by one job, then it goes on from now. A schedule declared in the jobs module cannot be replaced here (409).',
    pathParameters: SCHEDULE_NAME,
    body: { component: 'ScheduleSpec', required: true },
    answers: {
      200: { description: 'Replaced', json: 'Schedule' },
      201: { description: 'Created', json: 'Schedule' },
    },
    errors: [...BODY_ERRORS, 'UnknownJobType', 'InvalidSchedule', 'ScheduleDeclared'],
  },
  'DELETE /schedules/{name}': {
    operationId: 'deleteSchedule',
    tag: 'Schedules',
    summary: 'Delete a schedule',
    description:
      'It fires no more; jobs it already submitted are not touched. A declared schedule cannot be deleted here (409).',
    pathParameters: SCHEDULE_NAME,
    answers: { 204: { description: 'Deleted' } },
    errors: ['ScheduleNotFound', 'ScheduleDeclared'],
  },
  'POST /dlq/redrive': {
    operationId: 'redriveDeadLetters',
    tag: 'Dead letters',
    summary: 'Move dead letters back to the queue',
    description:
      'Each matching job is reset to pending with fresh attempts and queued again. The body is optional.',
    body: { component: 'RedriveFilter', required: false },
    answers: { 200: { description: 'What moved', json: 'RedriveResult' } },
    errors: BODY_ERRORS,
  },
  'GET /status': {
    operationId: 'getStatus',
    tag: 'Monitoring',
    summary: 'Job counts, workers, throughput and the last failure, live',
    answers: { 200: { description: 'The status', json: 'StatusView' } },
    errors: [],
  },
  'GET /stats': {
    operationId: 'getStats',
    tag: 'Monitoring',
    summary: 'The last stats snapshot and its history',
    query: statsQuery,
    answers: { 200: { description: 'The snapshot and one-minute history points', json: 'StatsView' } },
    errors: ['ValidationError'],
  },
  'GET /workers': {
    operationId: 'getWorkers',
    tag: 'Monitoring',
    summary: 'Worker instances seen recently',
    answers: { 200: { description: 'The workers', json: 'WorkersView' } },
    errors: [],
  },
  'GET /metrics': {
    operationId: 'getMetrics',
    tag: 'Monitoring',
    summary: 'Prometheus metrics',
    answers: {
      200: {
        description: 'Prometheus text exposition format 0.0.4',
        content: text(PROMETHEUS_CONTENT_TYPE.split(';')[0] as string, 'Prometheus text format'),
      },
    },
    errors: [],
  },
  'GET /health': {
    operationId: 'getHealth',
    tag: 'Service',
    summary: 'Health check',
    description: 'Answers without touching storage, and without an API key or signature.',
    answers: { 200: { description: 'The API is reachable', json: 'Health' } },
    errors: [],
  },
  'GET /openapi.json': {
    operationId: 'getOpenApiDocument',
    tag: 'Service',
    summary: 'This OpenAPI document',
    description: 'Public, like /health: it describes the API, not its jobs.',
    answers: { 200: { description: 'The OpenAPI 3.1 document', json: 'OpenApiDocument' } },
    errors: [],
  },
  'GET /': {
    operationId: 'getDashboard',
    tag: 'Dashboard',
    summary: 'The web dashboard',
    description: 'Public: the page asks for the API key itself when the API wants one.',
    answers: {
      200: {
        description: 'The dashboard page',
        content: text('text/html', 'The page'),
        headers: { ETag: etag },
      },
      302: {
        description: 'To the same path with a trailing slash, where the page’s relative URLs resolve',
        headers: { Location: { description: 'The path with a trailing slash', schema: z.string() } },
      },
      304: notModified,
    },
    errors: [],
  },
  'GET /dashboard/{file}': {
    operationId: 'getDashboardFile',
    tag: 'Dashboard',
    summary: 'A file of the web dashboard',
    pathParameters: { file: 'app.js or style.css' },
    answers: {
      200: {
        description: 'The script or the stylesheet',
        content: [...text('text/javascript', 'app.js'), ...text('text/css', 'style.css')],
        headers: { ETag: etag },
      },
      304: notModified,
    },
    errors: ['NotFound'],
  },
};
