import { z } from 'zod';
import { GATEWAY_ERRORS, IAM_MISSING_AUTHENTICATION_TOKEN } from '../../cdk/gateway-responses.ts';
import {
  batchAccepted,
  batchCanceled,
  batchList,
  batchView,
  cancelAccepted,
  errorBody,
  errorBodyOf,
  health,
  jobAccepted,
  jobPage,
} from '../schemas/answers.ts';
import { instant, jsonValue } from '../schemas/common.ts';
import { attemptRecord, job, jobError, jobStatus, jobStatusView, jobSummary } from '../schemas/job.ts';
import { redriveResult } from '../schemas/redrive.ts';
import { schedule, scheduleList } from '../schemas/schedule.ts';
import {
  failureRecord,
  histogramData,
  latencyTotals,
  percentiles,
  queueDepth,
  statsPoint,
  statsSnapshot,
  statsView,
  statusCounts,
  statusView,
  typeStats,
  windowStats,
  workerInstance,
  workersView,
} from '../schemas/stats.ts';
import { FUNCTION_ERRORS } from './errors.ts';

/** Only what a reader of this document can count on: the rest is an OpenAPI 3.1 document. */
const openApiDocumentShape = z
  .looseObject({
    openapi: z.string().regex(/^3\.1\.\d+$/),
    info: z.looseObject({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.unknown()),
  })
  .describe('This document');

/** The answers' components, by id: each a zod schema of src/http/schemas. */
export const RESPONSE_SCHEMAS = {
  Instant: instant,
  JsonValue: jsonValue,
  JobStatus: jobStatus,
  JobError: jobError,
  AttemptRecord: attemptRecord,
  Job: job,
  JobStatusView: jobStatusView,
  JobSummary: jobSummary,
  JobPage: jobPage,
  JobAccepted: jobAccepted,
  BatchAccepted: batchAccepted,
  BatchView: batchView,
  BatchList: batchList,
  BatchCanceled: batchCanceled,
  CancelAccepted: cancelAccepted,
  RedriveResult: redriveResult,
  Schedule: schedule,
  ScheduleList: scheduleList,
  QueueDepth: queueDepth,
  StatusCounts: statusCounts,
  Percentiles: percentiles,
  Histogram: histogramData,
  LatencyTotals: latencyTotals,
  WindowStats: windowStats,
  TypeStats: typeStats,
  FailureRecord: failureRecord,
  WorkerInstance: workerInstance,
  WorkersView: workersView,
  StatsSnapshot: statsSnapshot,
  StatsPoint: statsPoint,
  StatsView: statsView,
  StatusView: statusView,
  Health: health,
  OpenApiDocument: openApiDocumentShape,
  Error: errorBody,
} as const satisfies Record<string, z.ZodType>;

export type ResponseComponent = keyof typeof RESPONSE_SCHEMAS;

/** The component of the error body with one code: `Error.JobNotFound`. */
export const errorComponent = (code: string) => `Error.${code}`;

/** Every code the API function or API Gateway may answer with. */
const ERROR_CODES = new Set([
  ...Object.keys(FUNCTION_ERRORS),
  ...[...Object.values(GATEWAY_ERRORS), IAM_MISSING_AUTHENTICATION_TOKEN].map((error) => error.code),
]);

export function responseRegistry(): z.core.$ZodRegistry<{ id: string }> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(RESPONSE_SCHEMAS)) registry.add(schema, { id });
  for (const code of ERROR_CODES) registry.add(errorBodyOf(code), { id: errorComponent(code) });
  return registry;
}
