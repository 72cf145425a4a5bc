import { describe, expect, it } from 'vitest';
import {
  costPerMillionJobs,
  estimateWriteUnits,
  percentile,
  provisionedWritePricePerMillion,
} from '../../../src/core/cost.ts';

describe('cost estimate', () => {
  it('prices a job at the bare request mix', () => {
    const requests = {
      'DynamoDB.PutItem': 1,
      'DynamoDB.UpdateItem': 2,
      'SQS.SendMessage': 1,
      'SQS.ReceiveMessage': 0.1,
      'SQS.DeleteMessageBatch': 0.1,
    };
    const lines = costPerMillionJobs({
      requests,
      dynamodbWriteUnits: estimateWriteUnits(requests),
      dynamodbReadUnits: 0,
      lambdaInvocations: 1.1,
      lambdaGbSeconds: 0,
      apiCalls: 1,
    });
    const byItem = Object.fromEntries(lines.map((l) => [l.item, l.perMillionJobsUsd]));
    expect(estimateWriteUnits(requests)).toBe(8);
    expect(byItem['DynamoDB writes']).toBeCloseTo(5);
    expect(byItem['SQS requests']).toBeCloseTo(0.48);
    expect(byItem['API Gateway (REST)']).toBeCloseTo(3.5);
    expect(byItem['Lambda invocations']).toBeCloseTo(0.22);
    expect(byItem['DynamoDB reads']).toBeUndefined();
  });

  it('bills a batch write per item written, not per request', () => {
    // 500 jobs submitted in 20 BatchWriteItem requests of 25: 500 puts, each with its index write.
    const perJob = { 'DynamoDB.BatchWriteItem': 20 / 500, 'DynamoDB.BatchWriteItem:items': 1 };
    expect(estimateWriteUnits(perJob)).toBe(2);
    expect(estimateWriteUnits({ 'DynamoDB.PutItem': 1 })).toBe(2);
  });

  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([], 50)).toBe(0);
  });
});

describe('provisioned writes', () => {
  it('prices a million writes from the unit-hour at the utilization auto scaling keeps', () => {
    // $0.00065 a unit-hour serves 3,600 writes at full use: $0.1806 a million; at 70 % used, $0.258.
    expect(provisionedWritePricePerMillion(100)).toBeCloseTo(0.1806, 4);
    expect(provisionedWritePricePerMillion(70)).toBeCloseTo(0.258, 3);
    expect(provisionedWritePricePerMillion()).toBe(provisionedWritePricePerMillion(70));
  });

  it('bills the same write units at that price instead of on demand', () => {
    const usage = {
      requests: {},
      dynamodbWriteUnits: 8,
      dynamodbReadUnits: 0,
      lambdaInvocations: 0,
      lambdaGbSeconds: 0,
      apiCalls: 0,
    };
    const onDemand = costPerMillionJobs(usage);
    const provisioned = costPerMillionJobs(usage, { capacity: 'provisioned', utilization: 70 });
    expect(onDemand).toEqual([{ item: 'DynamoDB writes', perMillionJobsUsd: 5 }]);
    expect(provisioned).toHaveLength(1);
    expect(provisioned[0]?.item).toBe('DynamoDB writes (provisioned, 70 % used)');
    expect(provisioned[0]?.perMillionJobsUsd).toBeCloseTo(8 * 0.258, 2);
  });
});
