/** The date the prices below were read from AWS's price pages. */
export const PRICES_AS_OF = '2026-11-01';
/** The region they are the list prices of. */
export const PRICES_REGION = 'us-east-1';

/**
 * List prices (us-east-1, on-demand, as published in 2026) used to turn request counts into dollars.
 * Estimates, not a bill: free tiers, data transfer and storage are left out.
 */
export const PRICES_USD = {
  /** per million write request units (on-demand); one per KB written, per table or index item changed */
  dynamodbWriteRequestUnit: 0.625,
  /** per million read request units (on-demand); eventually consistent reads count half */
  dynamodbReadRequestUnit: 0.125,
  /** per million SQS standard requests (each batch of up to 10 messages is one request) */
  sqsRequest: 0.4,
  /** per million S3 PUT/COPY/POST/LIST requests */
  s3WriteRequest: 5,
  /** per million S3 GET and other requests */
  s3ReadRequest: 0.4,
  /** per million Lambda invocations */
  lambdaRequest: 0.2,
  /** per GB-second of Lambda on arm64 */
  lambdaGbSecond: 0.0000133334,
  /** per million API Gateway REST API calls */
  apiGatewayRestRequest: 3.5,
  /** per provisioned write capacity unit-hour (one write of up to 1 KB per second for an hour) */
  dynamodbProvisionedWriteUnitHour: 0.00065,
} as const;

/** The utilization `-c tableCapacity=provisioned` aims for by default (SqsJobsSettings.table). */
export const DEFAULT_TARGET_UTILIZATION = 70;

/**
 * What a million writes cost on a provisioned table whose auto scaling keeps it at `utilization` %
 * of its units: a unit-hour serves 3,600 writes at full use, so the price per write grows as the
 * headroom does. At a steady load and 70 % that is about 41 % of on demand; a bursty load pays
 * for the units it leaves idle, which is when on demand is the cheaper choice.
 */
export function provisionedWritePricePerMillion(utilization: number = DEFAULT_TARGET_UTILIZATION): number {
  return (PRICES_USD.dynamodbProvisionedWriteUnitHour * 1_000_000) / 3600 / (utilization / 100);
}

/** How the jobs table is billed when pricing its writes. */
export type WritePricing =
  | { readonly capacity: 'onDemand' }
  | { readonly capacity: 'provisioned'; readonly utilization: number };
export const ON_DEMAND: WritePricing = { capacity: 'onDemand' };

export interface UsagePerJob {
  /** AWS requests by "Service.Operation", per job. */
  readonly requests: Readonly<Record<string, number>>;
  /** Write request units per job, including index writes (see estimateWriteUnits). */
  readonly dynamodbWriteUnits: number;
  readonly dynamodbReadUnits: number;
  readonly lambdaInvocations: number;
  readonly lambdaGbSeconds: number;
  readonly apiCalls: number;
}

export interface CostLine {
  readonly item: string;
  readonly perMillionJobsUsd: number;
}

const S3_WRITE_OPERATIONS = new Set(['PutObject', 'CopyObject', 'ListObjectsV2', 'DeleteObjects']);

/** Dollars per million jobs, by line item; DynamoDB writes on demand unless `writes` says otherwise. */
export function costPerMillionJobs(usage: UsagePerJob, writes: WritePricing = ON_DEMAND): CostLine[] {
  let sqs = 0;
  let s3Write = 0;
  let s3Read = 0;
  for (const [key, n] of Object.entries(usage.requests)) {
    const [service, operation = ''] = key.split('.');
    if (service === 'SQS') sqs += n;
    if (service === 'S3' && S3_WRITE_OPERATIONS.has(operation)) s3Write += n;
    else if (service === 'S3') s3Read += n;
  }
  const lines: CostLine[] = [
    writes.capacity === 'onDemand'
      ? {
          item: 'DynamoDB writes',
          perMillionJobsUsd: usage.dynamodbWriteUnits * PRICES_USD.dynamodbWriteRequestUnit,
        }
      : {
          item: `DynamoDB writes (provisioned, ${writes.utilization} % used)`,
          perMillionJobsUsd: usage.dynamodbWriteUnits * provisionedWritePricePerMillion(writes.utilization),
        },
    {
      item: 'DynamoDB reads',
      perMillionJobsUsd: usage.dynamodbReadUnits * PRICES_USD.dynamodbReadRequestUnit,
    },
    { item: 'SQS requests', perMillionJobsUsd: sqs * PRICES_USD.sqsRequest },
    {
      item: 'S3 requests',
      perMillionJobsUsd: s3Write * PRICES_USD.s3WriteRequest + s3Read * PRICES_USD.s3ReadRequest,
    },
    { item: 'Lambda invocations', perMillionJobsUsd: usage.lambdaInvocations * PRICES_USD.lambdaRequest },
    {
      item: 'Lambda compute',
      perMillionJobsUsd: usage.lambdaGbSeconds * PRICES_USD.lambdaGbSecond * 1_000_000,
    },
    { item: 'API Gateway (REST)', perMillionJobsUsd: usage.apiCalls * PRICES_USD.apiGatewayRestRequest },
  ];
  return lines.filter((line) => line.perMillionJobsUsd > 0);
}

/**
 * Write units a job's item writes consume, for items under 1 KB: each base-table write is one unit;
 * the byStatus index adds one for the put and two for each update that moves the item between
 * statuses (the old index entry is deleted, a new one written).
 */
export function estimateWriteUnits(requests: Readonly<Record<string, number>>): number {
  const puts = requests['DynamoDB.PutItem'] ?? 0;
  const updates = requests['DynamoDB.UpdateItem'] ?? 0;
  const deletes = requests['DynamoDB.DeleteItem'] ?? 0;
  // A batch write is billed per item (a put each, plus its index write), not per request.
  const batchPuts = requests['DynamoDB.BatchWriteItem:items'] ?? 0;
  return puts * 2 + updates * 3 + deletes * 2 + batchPuts * 2;
}

/** Percentile by nearest rank over an unsorted sample; 0 for an empty one. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? 0;
}
