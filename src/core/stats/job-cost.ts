import { estimateWriteUnits, PRICES_USD } from '../cost.ts';

/**
 * What the cost estimate needs to know about the jobs of one type that finished (completed or
 * failed for good) in a window. Sums, so windows add up.
 */
export interface CostSums {
  readonly jobs: number;
  /** Σ attempts of those jobs. */
  readonly attempts: number;
  /** Σ attempts × run time of the finishing attempt (ms): each attempt is assumed as long as the last. */
  readonly attemptRunMs: number;
}

export const NO_COST: CostSums = { jobs: 0, attempts: 0, attemptRunMs: 0 };

export interface CostModel {
  /** The worker function's memory (MB); Lambda bills GB-seconds of it. */
  readonly workerMemoryMb: number;
  /**
   * Worker invocations per attempt: 1 when each message gets its own invocation (a quiet queue), down
   * to 1 / batch size under load. The default prices the quiet case, the upper bound.
   */
  readonly invocationsPerAttempt: number;
}

export const DEFAULT_COST_MODEL: CostModel = { workerMemoryMb: 1024, invocationsPerAttempt: 1 };

/** SQS requests a job costs besides its retries: one send plus its share of batched receives and deletes. */
export const SQS_REQUESTS_PER_JOB = 1.3;

export function addCost(a: CostSums, b: CostSums): CostSums {
  return {
    jobs: a.jobs + b.jobs,
    attempts: a.attempts + b.attempts,
    attemptRunMs: a.attemptRunMs + b.attemptRunMs,
  };
}

/**
 * Estimated AWS cost (USD) of one finished job, averaged over `sums`; null when no job finished.
 * Per job, at list prices (src/core/cost.ts):
 *
 *   API Gateway   1 REST call (POST /jobs)
 *   SQS           1.3 requests, + 1 ChangeMessageVisibility per retry (attempts − 1)
 *   DynamoDB      estimateWriteUnits(1 PutItem + 2 UpdateItem per attempt): the submit's put, then a
 *                 claim and an outcome per attempt, each also rewriting the byStatus index entry
 *   Lambda        attempts × invocationsPerAttempt invocations
 *                 + attempts × run time (s) × memory (GB) GB-seconds
 *
 * Linear in jobs, attempts and attempts × run time, which is why CostSums can simply be added.
 * Left out: reads, the API function's own time, free tiers, storage and data transfer.
 */
export function costPerJobUsd(sums: CostSums, model: CostModel = DEFAULT_COST_MODEL): number | null {
  if (sums.jobs <= 0) return null;
  const million = 1_000_000;
  const api = sums.jobs * PRICES_USD.apiGatewayRestRequest;
  const sqs = (sums.jobs * SQS_REQUESTS_PER_JOB + (sums.attempts - sums.jobs)) * PRICES_USD.sqsRequest;
  const writeUnits =
    sums.jobs * estimateWriteUnits({ 'DynamoDB.PutItem': 1 }) +
    sums.attempts * estimateWriteUnits({ 'DynamoDB.UpdateItem': 2 });
  const dynamodb = writeUnits * PRICES_USD.dynamodbWriteRequestUnit;
  const invocations = sums.attempts * model.invocationsPerAttempt * PRICES_USD.lambdaRequest;
  const perMillionRequests = (api + sqs + dynamodb + invocations) / million;
  const gbSeconds = (sums.attemptRunMs / 1000) * (model.workerMemoryMb / 1024);
  return (perMillionRequests + gbSeconds * PRICES_USD.lambdaGbSecond) / sums.jobs;
}
