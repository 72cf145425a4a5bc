import { ITEMS_SUFFIX } from '../../src/adapters/aws/request-counter.ts';
import {
  type CostLine,
  costPerMillionJobs,
  estimateWriteUnits,
  ON_DEMAND,
  type UsagePerJob,
  type WritePricing,
} from '../../src/core/cost.ts';
import { perJob } from '../measure.ts';
import type { Row } from '../suite/table.ts';
import type { ModeFigures } from './run-mode.ts';

const WRITE_OPERATIONS = ['PutItem', 'UpdateItem', 'DeleteItem', `BatchWriteItem${ITEMS_SUFFIX}`];

/** Items written per job, as DynamoDB bills them: a batch write's items, not its requests. */
export function dynamoWritesPerJob(requestsPerJob: Readonly<Record<string, number>>): number {
  return WRITE_OPERATIONS.reduce((sum, op) => sum + (requestsPerJob[`DynamoDB.${op}`] ?? 0), 0);
}

/** Every request one service received per job (batch items are not requests). */
export function serviceRequestsPerJob(
  requestsPerJob: Readonly<Record<string, number>>,
  service: string,
): number {
  return Object.entries(requestsPerJob)
    .filter(([key]) => key.startsWith(`${service}.`) && !key.endsWith(ITEMS_SUFFIX))
    .reduce((sum, [, n]) => sum + n, 0);
}

/** AWS requests per job, batch items left out (they are not requests). */
export function requestsPerJob(figures: ModeFigures): Record<string, number> {
  return perJob(figures.requests, figures.jobs);
}

/**
 * A fan-in run's every write over its parents: a child's own writes are a job's, the rest is the
 * fan-in's (the outcome recorded on the child, the parent kept and let go).
 */
export function fanInWritesPerParent(figures: ModeFigures): number | undefined {
  if (figures.fanIn === undefined) return undefined;
  const writes = dynamoWritesPerJob(figures.requests);
  const children = Math.ceil(figures.jobs / (figures.fanIn + 1));
  return writes / (figures.jobs - children);
}

/** What a job used, in the units AWS bills, for the cost estimate. */
export function usageOf(figures: ModeFigures): UsagePerJob {
  const requests = requestsPerJob(figures);
  const n = figures.jobs;
  const sum = (pick: (fn: ModeFigures['functions'][number]) => number) =>
    figures.functions.reduce((total, fn) => total + pick(fn), 0) / n;
  return {
    requests,
    dynamodbWriteUnits: estimateWriteUnits(requests),
    dynamodbReadUnits: 0,
    lambdaInvocations: sum((fn) => fn.invocations),
    lambdaGbSeconds: sum((fn) => fn.gbSeconds),
    // Every API function invocation is one API Gateway request.
    apiCalls: (figures.functions.find((fn) => fn.name === 'api')?.invocations ?? 0) / n,
  };
}

export function costOf(
  figures: ModeFigures,
  writes: WritePricing = ON_DEMAND,
): { readonly lines: CostLine[]; readonly total: number } {
  const lines = costPerMillionJobs(usageOf(figures), writes);
  return { lines, total: lines.reduce((sum, line) => sum + line.perMillionJobsUsd, 0) };
}

/**
 * Per job, one row per "Service.Operation" any mode made and per function any mode invoked, one
 * column per mode: what each way in costs in requests, side by side.
 */
export function perJobRows(modes: readonly ModeFigures[]): Row[] {
  const column = (figures: ModeFigures) => figures.label;
  const operations = [...new Set(modes.flatMap((figures) => Object.keys(figures.requests)))]
    .filter((key) => !key.endsWith(ITEMS_SUFFIX))
    .sort();
  const functions = [
    ...new Set(
      modes.flatMap((figures) => figures.functions.filter((fn) => fn.invocations > 0).map((fn) => fn.name)),
    ),
  ];
  const row = (item: string, value: (figures: ModeFigures) => number): Row => ({
    'per job': item,
    ...Object.fromEntries(modes.map((figures) => [column(figures), value(figures)])),
  });
  const share = (figures: ModeFigures, key: string) => (figures.requests[key] ?? 0) / figures.jobs;
  const fn = (figures: ModeFigures, name: string) => figures.functions.find((f) => f.name === name);
  return [
    ...operations.map((key) => row(key, (figures) => share(figures, key))),
    row('DynamoDB items written', (figures) => dynamoWritesPerJob(requestsPerJob(figures))),
    row('SQS requests', (figures) => serviceRequestsPerJob(requestsPerJob(figures), 'SQS')),
    ...functions.map((name) =>
      row(`Lambda ${name} invocations`, (figures) => (fn(figures, name)?.invocations ?? 0) / figures.jobs),
    ),
    ...functions.map((name) =>
      row(`Lambda ${name} GB-s`, (figures) => (fn(figures, name)?.gbSeconds ?? 0) / figures.jobs),
    ),
  ];
}
