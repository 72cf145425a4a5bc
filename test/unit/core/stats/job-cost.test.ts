import { describe, expect, it } from 'vitest';
import { PRICES_USD } from '../../../../src/core/cost.ts';
import { addCost, costPerJobUsd, NO_COST } from '../../../../src/core/stats/job-cost.ts';

describe('cost per finished job', () => {
  it('prices a one-attempt job: API call, SQS, DynamoDB writes, one invocation and its GB-seconds', () => {
    // 200 ms on 1024 MB = 0.2 GB-s.
    const cost = costPerJobUsd({ jobs: 1, attempts: 1, attemptRunMs: 200 })!;
    const requests =
      PRICES_USD.apiGatewayRestRequest +
      1.3 * PRICES_USD.sqsRequest +
      // 1 put (2 units with the index) + 2 updates (3 units each) = 8 write units
      8 * PRICES_USD.dynamodbWriteRequestUnit +
      PRICES_USD.lambdaRequest;
    expect(cost).toBeCloseTo(requests / 1e6 + 0.2 * PRICES_USD.lambdaGbSecond, 15);
    // A million such jobs: $9.22 of requests and $2.67 of compute.
    expect(cost * 1e6).toBeCloseTo(11.89, 2);
  });

  it('charges retries: more writes, a visibility change, an invocation and the run time per attempt', () => {
    const once = costPerJobUsd({ jobs: 1, attempts: 1, attemptRunMs: 1000 })!;
    const thrice = costPerJobUsd({ jobs: 1, attempts: 3, attemptRunMs: 3000 })!;
    const perRetry =
      (6 * PRICES_USD.dynamodbWriteRequestUnit + PRICES_USD.sqsRequest + PRICES_USD.lambdaRequest) / 1e6 +
      1 * PRICES_USD.lambdaGbSecond;
    expect(thrice - once).toBeCloseTo(2 * perRetry, 15);
  });

  it('scales the compute with the worker memory', () => {
    const sums = { jobs: 1, attempts: 1, attemptRunMs: 10_000 };
    const small = costPerJobUsd(sums, { workerMemoryMb: 512, invocationsPerAttempt: 1 })!;
    const large = costPerJobUsd(sums, { workerMemoryMb: 2048, invocationsPerAttempt: 1 })!;
    expect(large - small).toBeCloseTo(10 * 1.5 * PRICES_USD.lambdaGbSecond, 15);
  });

  it('averages over jobs, and sums add up across windows', () => {
    const a = { jobs: 2, attempts: 2, attemptRunMs: 400 };
    const b = { jobs: 1, attempts: 1, attemptRunMs: 200 };
    expect(costPerJobUsd(addCost(a, b))).toBeCloseTo(
      costPerJobUsd({ jobs: 1, attempts: 1, attemptRunMs: 200 })!,
      15,
    );
    expect(costPerJobUsd(NO_COST)).toBeNull();
  });
});
