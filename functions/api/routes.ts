import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { assertBacklogBelow } from '../../src/core/backpressure.ts';
import { type BatchOptions, batchOptionsSchema } from '../../src/core/batch.ts';
import { JobNotFoundError, UnknownJobTypeError, ValidationError } from '../../src/core/errors.ts';
import { type JobEvents, NO_JOB_EVENTS } from '../../src/core/events.ts';
import { type Job, jobStatusView } from '../../src/core/job.ts';
import type {
  BatchStore,
  Clock,
  DeadLetterQueue,
  IdempotencyKeys,
  JobQueue,
  JobStore,
  QueueMonitor,
  ScheduleStore,
  SnapshotStore,
  StatsHistory,
} from '../../src/core/ports.ts';
import type { PerPriority, Priority } from '../../src/core/priority.ts';
import type { SpecRegistry } from '../../src/core/registry.ts';
import type { ScheduleSpec } from '../../src/core/schedule/schedule.ts';
import { PROMETHEUS_CONTENT_TYPE, prometheusText } from '../../src/core/stats/prometheus.ts';
import { zodToValidationError } from '../../src/core/submission.ts';
import { cancelBatch, listBatches, readBatch } from '../../src/core/use-cases/batches.ts';
import { cancelJob } from '../../src/core/use-cases/cancel-job.ts';
import { getJobOrThrow } from '../../src/core/use-cases/get-job.ts';
import { listJobs } from '../../src/core/use-cases/list-jobs.ts';
import {
  deleteSchedule,
  getSchedule,
  putSchedule,
  syncDeclaredSchedules,
} from '../../src/core/use-cases/manage-schedules.ts';
import { readMetrics } from '../../src/core/use-cases/read-metrics.ts';
import { readStats } from '../../src/core/use-cases/read-stats.ts';
import { readStatus } from '../../src/core/use-cases/read-status.ts';
import { readWorkers } from '../../src/core/use-cases/read-workers.ts';
import { redriveDeadLetters } from '../../src/core/use-cases/redrive-dead-letters.ts';
import { rescheduleJob } from '../../src/core/use-cases/reschedule-job.ts';
import { retryJob } from '../../src/core/use-cases/retry-job.ts';
import { submitJob } from '../../src/core/use-cases/submit-job.ts';
import { MAX_BATCH_BYTES, submitJobs } from '../../src/core/use-cases/submit-jobs.ts';
import { headerValue, readJsonBody, readOptionalJsonBody } from '../../src/http/json-body.ts';
import { openApiDocument } from '../../src/http/openapi.ts';
import { json, text } from '../../src/http/response.ts';
import type { RouteHandler } from '../../src/http/router.ts';
import type { ApiRoute } from '../../src/http/routes.ts';
import type {
  BatchAcceptedBody,
  BatchCanceledBody,
  BatchListBody,
  BatchViewBody,
  CancelAcceptedBody,
  HealthBody,
  JobAcceptedBody,
  JobPageBody,
} from '../../src/http/schemas/answers.ts';
import { dashboardRoutes } from './dashboard.ts';
import { parseListQuery, parseStatsQuery } from './query.ts';
import { parseRedriveFilter } from './redrive-filter.ts';

/** How many batches GET /batches lists, newest first. */
const NEWEST_BATCHES = 20;

export interface ApiDeps {
  readonly store: JobStore;
  /** Batches submitted with `batch` (GET /batches/{id}). */
  readonly batches: BatchStore;
  /** Submit, retry and redrive send; the backlog reads the depth (below). */
  readonly queue: Pick<JobQueue, 'send' | 'sendBatch'>;
  /** Which job holds each idempotency key. */
  readonly keys: IdempotencyKeys;
  /** The recurring schedules. */
  readonly schedules: ScheduleStore;
  /**
   * The schedules the jobs module declares: written before the first schedules request of this
   * instance (so they are there from the first request after a deploy, not a minute later when the
   * sweeper runs), and never replaced or deleted through the API.
   */
  readonly declaredSchedules?: Readonly<Record<string, ScheduleSpec>>;
  readonly deadLetters: DeadLetterQueue;
  readonly snapshots: SnapshotStore;
  /** The stats function's chart points, for GET /stats. */
  readonly history: StatsHistory;
  /** Depth of each priority's queue, cached (see cachedMonitor): each has its own backlog limit. */
  readonly backlog: PerPriority<QueueMonitor>;
  readonly maxBacklog: number;
  readonly maxAttemptsLimit?: number;
  /** Jobs due later than this are stored scheduled (see SubmitJobDeps). */
  readonly scheduleHorizonSeconds?: number;
  readonly workerLimit: number;
  /** Seconds every finished job is kept, over each type's retention (a job canceled before it ran). */
  readonly retentionSeconds?: number;
  readonly clock: Clock;
  readonly events?: JobEvents;
  /** The app's job types: submissions and retries are validated with their schemas. */
  readonly jobs: SpecRegistry;
}

/** One handler per route the stack declares; the type makes a missing or extra route a compile error. */
export function apiRoutes(deps: ApiDeps): Record<ApiRoute, RouteHandler> {
  const { store, queue, clock } = deps;
  // Built on the first request and kept for the life of the instance: it only changes with a deploy.
  let openApi: string | undefined;
  const events = deps.events ?? NO_JOB_EVENTS;
  const scheduleDeps = {
    schedules: deps.schedules,
    specs: deps.jobs,
    clock,
    declared: new Set(Object.keys(deps.declaredSchedules ?? {})),
    ...(deps.maxAttemptsLimit === undefined ? {} : { maxAttemptsLimit: deps.maxAttemptsLimit }),
  };
  let declaredSynced: Promise<unknown> | undefined;
  const withDeclared = async () => {
    declaredSynced ??= syncDeclaredSchedules(scheduleDeps, deps.declaredSchedules ?? {}).catch(
      (error: unknown) => {
        declaredSynced = undefined;
        throw error;
      },
    );
    await declaredSynced;
  };
  const statusDeps = { store, snapshots: deps.snapshots, workerLimit: deps.workerLimit, clock };
  const submitDeps = {
    store,
    queue,
    keys: deps.keys,
    specs: deps.jobs,
    clock,
    newId: randomUUID,
    maxAttemptsLimit: deps.maxAttemptsLimit,
    ...(deps.scheduleHorizonSeconds === undefined
      ? {}
      : { scheduleHorizonSeconds: deps.scheduleHorizonSeconds }),
    events,
    admit: (priority: Priority) => assertBacklogBelow(deps.backlog[priority], deps.maxBacklog),
  };
  const cancelDeps = {
    store,
    queue,
    clock,
    events,
    specs: deps.jobs,
    ...(deps.retentionSeconds === undefined ? {} : { retentionSeconds: deps.retentionSeconds }),
  };
  return {
    ...dashboardRoutes(),
    // Answers without touching storage: it says the function is deployed and reachable, nothing more.
    'GET /health': async () => json(200, { status: 'ok' } satisfies HealthBody),
    'POST /jobs': async (event) => {
      const body = withHeaderKey(readJsonBody(event), headerValue(event.headers, IDEMPOTENCY_KEY_HEADER));
      const { job, duplicate } = await submitJob(submitDeps, body);
      // A duplicate creates nothing: 200 with the first job, as a replayed request is answered.
      return duplicate
        ? json(
            200,
            { ...acceptedBody(job), duplicate: true },
            { location: `/jobs/${job.id}`, 'idempotent-replayed': 'true' },
          )
        : json(202, acceptedBody(job), { location: `/jobs/${job.id}` });
    },
    'POST /jobs/batch': async (event) => {
      const { jobs, batch } = batchBody(readJsonBody(event, MAX_BATCH_BYTES));
      return json(
        200,
        (await submitJobs(
          { ...submitDeps, batches: deps.batches },
          jobs,
          batch ? { batch } : {},
        )) satisfies BatchAcceptedBody,
      );
    },
    'GET /batches': async () =>
      json(200, { batches: await listBatches(deps, NEWEST_BATCHES) } satisfies BatchListBody),
    'GET /batches/{id}': async (event) =>
      json(200, (await readBatch(deps, jobIdParam(event))) satisfies BatchViewBody),
    'POST /batches/{id}/cancel': async (event) =>
      json(
        202,
        (await cancelBatch(
          { ...cancelDeps, batches: deps.batches },
          jobIdParam(event),
        )) satisfies BatchCanceledBody,
      ),
    'GET /jobs/{id}': async (event) => json(200, await getJobOrThrow(store, jobIdParam(event))),
    'GET /jobs/{id}/status': async (event) =>
      json(200, jobStatusView(await getJobOrThrow(store, jobIdParam(event)))),
    'POST /jobs/{id}/cancel': async (event) => {
      const { job, stopping } = await cancelJob(cancelDeps, jobIdParam(event));
      return json(202, {
        id: job.id,
        status: job.status,
        ...(stopping ? { cancelRequested: true as const } : {}),
      } satisfies CancelAcceptedBody);
    },
    'POST /jobs/{id}/retry': async (event) => {
      // The request itself (body, content type) is judged before the job it names.
      const body = readOptionalJsonBody(event);
      const job = await retryJob(
        {
          store,
          queue,
          specs: deps.jobs,
          clock,
          events,
          ...(deps.retentionSeconds === undefined ? {} : { retentionSeconds: deps.retentionSeconds }),
        },
        jobIdParam(event),
        body,
      );
      return json(202, acceptedBody(job));
    },
    'POST /jobs/{id}/reschedule': async (event) => {
      const body = readJsonBody(event);
      const job = await rescheduleJob(submitDeps, jobIdParam(event), body);
      return json(202, acceptedBody(job));
    },
    'GET /schedules': async () => {
      await withDeclared();
      return json(200, { schedules: await deps.schedules.list() });
    },
    'GET /schedules/{name}': async (event) => {
      await withDeclared();
      return json(200, await getSchedule(scheduleDeps, scheduleNameParam(event)));
    },
    'PUT /schedules/{name}': async (event) => {
      const body = readJsonBody(event);
      await withDeclared();
      const { schedule, created } = await putSchedule(scheduleDeps, scheduleNameParam(event), body);
      return json(created ? 201 : 200, schedule);
    },
    'DELETE /schedules/{name}': async (event) => {
      await withDeclared();
      await deleteSchedule(scheduleDeps, scheduleNameParam(event));
      return { statusCode: 204, headers: { 'cache-control': 'no-store' }, body: '' };
    },
    'POST /dlq/redrive': async (event, context) => {
      const filter = parseRedriveFilter(readOptionalJsonBody(event));
      // Redrive reads the DLQ in a loop: it stops in time to answer, saying whether more is left.
      const budgetMs = Math.max(1_000, (context?.getRemainingTimeInMillis() ?? 10_000) - 2_000);
      const result = await redriveDeadLetters(
        { store, queue, deadLetters: deps.deadLetters, clock, events },
        filter,
        { deadline: new Date(clock.now().getTime() + budgetMs) },
      );
      return json(200, result);
    },
    'GET /jobs': async (event) => {
      const { capped, ...query } = parseListQuery(event);
      if (query.type !== undefined && !Object.hasOwn(deps.jobs, query.type))
        throw new UnknownJobTypeError(query.type, Object.keys(deps.jobs));
      const page = await listJobs(store, query);
      // The effective limit is in the body; a capped one is also flagged, so a client sees it asked too much.
      return json(200, {
        ...page,
        limit: query.limit,
        ...(capped ? { limitCapped: true as const } : {}),
      } satisfies JobPageBody);
    },
    'GET /status': async () => json(200, await readStatus(statusDeps)),
    'GET /stats': async (event) =>
      json(
        200,
        await readStats(
          { snapshots: deps.snapshots, history: deps.history, clock },
          parseStatsQuery(event).hours,
        ),
      ),
    'GET /workers': async () =>
      json(
        200,
        await readWorkers({ store, snapshots: deps.snapshots, workerLimit: deps.workerLimit, clock }),
      ),
    'GET /openapi.json': async () => {
      openApi ??= JSON.stringify(
        openApiDocument(deps.jobs, {
          maxAttemptsLimit: deps.maxAttemptsLimit,
          // Relative to the document's own URL: the stage's root, whatever host and stage serve it.
          servers: [{ url: '.', description: 'The API that served this document' }],
        }),
      );
      return text(200, openApi, 'application/json; charset=utf-8');
    },
    'GET /metrics': async () => {
      const { snapshot, status, latency } = await readMetrics(statusDeps);
      return text(200, prometheusText(snapshot, status, latency), PROMETHEUS_CONTENT_TYPE);
    },
  };
}

/** The header that carries a submission's idempotency key, as the `idempotencyKey` field does. */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/**
 * The key of the `Idempotency-Key` header as the body's `idempotencyKey`: one name inside. Both,
 * differing, are refused rather than one silently winning.
 */
function withHeaderKey(body: unknown, header: string | undefined): unknown {
  if (header === undefined || typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const record = body as Record<string, unknown>;
  if (record.idempotencyKey !== undefined && record.idempotencyKey !== header)
    throw new ValidationError('The Idempotency-Key header and the idempotencyKey field differ; send one.', {
      fields: ['Idempotency-Key', 'idempotencyKey'],
    });
  return { ...record, idempotencyKey: header };
}

function scheduleNameParam(event: APIGatewayProxyEvent): string {
  const value = event.pathParameters?.name;
  if (!value) throw new Error('Route is missing its {name} parameter');
  return value;
}

/** The 202 of a submit, retry or reschedule: the job's id, status and, if it starts later, when. */
function acceptedBody(job: Job): JobAcceptedBody {
  return { id: job.id, status: job.status, ...(job.runAt ? { runAt: job.runAt } : {}) };
}

/** Job ids are UUIDs; anything longer than this names no job (and DynamoDB refuses keys over 2 KB). */
const MAX_ID_LENGTH = 128;

function jobIdParam(event: APIGatewayProxyEvent): string {
  const value = event.pathParameters?.id;
  if (!value) throw new Error('Route is missing its {id} parameter');
  if (value.length > MAX_ID_LENGTH) throw new JobNotFoundError(`${value.slice(0, 40)}…`);
  return value;
}

/**
 * A batch body: `{"jobs": [...], "batch"?: {"onComplete"?: {...}}}` and nothing else; the items are
 * judged one by one, `batch` as a whole.
 */
function batchBody(body: unknown): { jobs: unknown[]; batch?: BatchOptions } {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ValidationError('The request body must be a JSON object like {"jobs": [{"type": "noop"}]}.');
  const { jobs, batch, ...rest } = body as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0)
    throw new ValidationError(
      `Unknown field(s): ${unknown.join(', ')}; a batch body holds "jobs" and optionally "batch".`,
      { fields: unknown },
    );
  if (!Array.isArray(jobs))
    throw new ValidationError('"jobs" must be an array of jobs, each as POST /jobs takes it.', {
      field: 'jobs',
    });
  if (batch === undefined) return { jobs };
  const options = batchOptionsSchema.safeParse(batch);
  if (!options.success) throw zodToValidationError(options.error, ['batch'], 'Invalid batch');
  return { jobs, batch: options.data };
}
