import { describe, expect, it } from 'vitest';
import { costPerMillionJobs, estimateWriteUnits, percentile } from '../../../src/core/cost.ts';

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
