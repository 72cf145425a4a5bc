import { describe, expect, it } from 'vitest';
import { floorPlan, itemTemplates, repeatsFor, shares, weightedShares } from '../../../bench/floor/plan.ts';
import { diffCounts, percentiles, perJob, perSecond } from '../../../bench/measure.ts';
import { sendSchedule } from '../../../bench/open-loop.ts';
import { batchBodies } from '../../../bench/submit.ts';

describe('rates and percentiles', () => {
  it('takes percentiles by nearest rank, and the largest value', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentiles(values)).toEqual({ p50: 50, p95: 95, p99: 99, max: 100 });
    expect(percentiles([])).toEqual({ p50: 0, p95: 0, p99: 0, max: 0 });
  });

  it('turns a count over milliseconds into a rate per second, 0 over no time', () => {
    expect(perSecond(500, 2_000)).toBe(250);
    expect(perSecond(500, 0)).toBe(0);
  });

  it('keeps what grew between two readings of the counters, per job', () => {
    const grown = diffCounts(
      { 'SQS.SendMessage': 300, 'DynamoDB.PutItem': 100, 'SQS.ReceiveMessage': 5 },
      { 'SQS.SendMessage': 100, 'SQS.ReceiveMessage': 5 },
    );
    expect(grown).toEqual({ 'SQS.SendMessage': 200, 'DynamoDB.PutItem': 100 });
    expect(perJob(grown, 200)).toEqual({ 'SQS.SendMessage': 1, 'DynamoDB.PutItem': 0.5 });
  });
});

describe('how the benchmark sends', () => {
  it('spaces a steady rate evenly over the time, without bursts', () => {
    expect(sendSchedule(20, 0.25)).toEqual([0, 50, 100, 150, 200]);
    expect(sendSchedule(20, 60)).toHaveLength(1200);
  });

  it('makes batches of the asked size, the last one smaller', () => {
    const bodies = batchBodies(250, { size: 100 }, { type: 'noop' }).map(
      (body) => (JSON.parse(body) as { jobs: unknown[] }).jobs.length,
    );
    expect(bodies).toEqual([100, 100, 50]);
  });

  it('makes each fan-in n parents and a child that dependsOn them all', () => {
    const [first] = batchBodies(8, { fanIn: 3 }, { type: 'noop' }).map(
      (body) => JSON.parse(body) as { jobs: { type: string; dependsOn?: number[] }[] },
    );
    expect(first?.jobs).toEqual([
      { type: 'noop' },
      { type: 'noop' },
      { type: 'noop' },
      { type: 'noop', dependsOn: [0, 1, 2] },
    ]);
  });
});

describe('the floor plan', () => {
  const mix = {
    jobs: 1000,
    concurrency: 32,
    apiInstances: 3,
    workerInstances: 4,
    workerInvocations: 100,
    requestsBySide: {
      api: { 'DynamoDB.PutItem': 1000, 'SQS.SendMessage': 1000, 'SQS.GetQueueAttributes': 50 },
      worker: {
        'DynamoDB.UpdateItem': 2000,
        'SQS.ChangeMessageVisibilityBatch': 100,
        'EventBridge.PutEvents': 10,
      },
      pollers: { 'SQS.ReceiveMessage': 140, 'SQS.DeleteMessageBatch': 100 },
    },
  };

  it('replays the API function per job and the worker per job and per batch, from as many processes', () => {
    const plan = floorPlan(mix);
    expect(plan.api).toEqual({
      processes: 3,
      concurrency: 32,
      perJob: { 'DynamoDB.PutItem': 1, 'SQS.SendMessage': 1, 'SQS.GetQueueAttributes': 0.05 },
      perBatch: {},
    });
    expect(plan.worker).toEqual({
      processes: 4,
      perJob: { 'DynamoDB.UpdateItem': 2 },
      perBatch: { 'SQS.ChangeMessageVisibilityBatch': 1, 'SQS.DeleteMessageBatch': 1 },
    });
    // ReceiveMessage is the replay's own loop; what it cannot make is named.
    expect(plan.notReplayed).toEqual(['EventBridge.PutEvents (worker, 0.010/job)']);
  });

  it('spreads a fraction per job evenly over the jobs', () => {
    const times = Array.from({ length: 20 }, (_, i) => repeatsFor(0.05, i));
    expect(times.reduce((a, b) => a + b, 0)).toBe(1);
    expect(Array.from({ length: 10 }, (_, i) => repeatsFor(2, i))).toEqual(Array(10).fill(2));
    expect(Array.from({ length: 3 }, (_, i) => repeatsFor(1 / 3, i))).toEqual([0, 0, 1]);
  });

  it('shares jobs and concurrency out with nothing lost', () => {
    expect(shares(32, 10).reduce((a, b) => a + b, 0)).toBe(32);
    expect(new Set(shares(32, 10))).toEqual(new Set([3, 4]));
    expect(shares(2, 4)).toEqual([0, 1, 0, 1]);
    // Jobs follow each process's share of the requests in flight; one with none gets no jobs.
    expect(weightedShares(100, [0, 1, 0, 1])).toEqual([0, 50, 0, 50]);
  });

  it("writes items like the run's: submitted without the worker's attributes, which the updates add", () => {
    const sample = {
      id: { S: 'a' },
      type: { S: 'noop' },
      payload: { M: {} },
      status: { S: 'completed' },
      attempts: { N: '1' },
      createdAt: { S: 't0' },
      updatedAt: { S: 't2' },
      startedAt: { S: 't1' },
      workerId: { S: 'w' },
      result: { M: { ok: { BOOL: true } } },
      finishedAt: { S: 't2' },
    };
    const { submitted, updates } = itemTemplates(sample, 2);
    expect(submitted).toEqual({ type: { S: 'noop' }, payload: { M: {} }, attempts: { N: '1' } });
    expect(updates.map((update) => Object.keys(update))).toEqual([
      ['startedAt', 'workerId'],
      ['result', 'finishedAt'],
    ]);
  });
});
