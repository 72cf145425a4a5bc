/**
 * npm run bench [-- --jobs 3000 --concurrency 32]
 *
 * Pushes N noop jobs through the embedded runtime (functions in their own processes, emulators in
 * theirs) and prints jobs/s, POST→completed latency percentiles, and the AWS requests each job cost,
 * by service and operation, priced at list prices. Targets (not asserted): ≥ 200 jobs/s here,
 * ≤ 3 DynamoDB writes and ≤ 1.3 SQS requests per job.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { Command } from 'commander';
import { startRuntime } from '../local/runtime.ts';
import { costPerMillionJobs, estimateWriteUnits, percentile } from '../src/core/cost.ts';
import { postAll } from './http-load.ts';

const options = new Command()
  .option('--jobs <n>', 'jobs to push', (v) => Number.parseInt(v, 10), 3000)
  .option('--concurrency <n>', 'HTTP requests in flight', (v) => Number.parseInt(v, 10), 32)
  .option('--warmup <n>', 'jobs run first and not measured', (v) => Number.parseInt(v, 10), 200)
  .parse()
  .opts<{ jobs: number; concurrency: number; warmup: number }>();

const stateDir = mkdtempSync(path.join(tmpdir(), 'sqs-jobs-bench-'));
const runtime = await startRuntime({
  port: 0,
  dynamodbPort: 0,
  sqsPort: 0,
  stateDir,
  quiet: true,
  summary: false,
});
try {
  const jobsTable = runtime.resources.tables.find((t) => t.logicalId.startsWith('JobsTable'));
  if (!jobsTable) throw new Error('no jobs table in the template');
  // The bench's own reads use a client without the counting middleware, so they are not billed to jobs.
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: 'us-east-1',
      endpoint: runtime.endpoints.dynamodb,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    }),
  );
  const completedCount = async (): Promise<number> => {
    let count = 0;
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await db.send(
        new QueryCommand({
          TableName: jobsTable.name,
          IndexName: 'byStatus',
          KeyConditionExpression: '#s = :c',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':c': 'completed' },
          Select: 'COUNT',
          ExclusiveStartKey,
        }),
      );
      count += page.Count ?? 0;
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return count;
  };
  const waitForCompleted = async (target: number, timeoutMs: number): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while ((await completedCount()) < target) {
      if (Date.now() > deadline)
        throw new Error(`only ${await completedCount()} of ${target} jobs completed in time`);
      await sleep(100);
    }
  };

  const submit = (n: number) =>
    postAll(
      `${runtime.apiUrl}/jobs`,
      Array.from({ length: n }, () => '{"type":"noop"}'),
      options.concurrency,
    );

  console.log(`warm-up: ${options.warmup} jobs`);
  await submit(options.warmup);
  await waitForCompleted(options.warmup, 60_000);
  await sleep(500);

  const countsBefore = runtime.requestCounts();
  const statsBefore = runtime.functionStats();
  console.log(`measuring: ${options.jobs} noop jobs, ${options.concurrency} concurrent POSTs`);
  const started = Date.now();
  const accepted = await submit(options.jobs);
  const submittedIn = Date.now() - started;
  await waitForCompleted(options.warmup + options.jobs, 300_000);
  const elapsed = Date.now() - started;
  // Let the last deletes and polls land before reading the counters.
  await sleep(1_000);
  const requests = diff(runtime.requestCounts(), countsBefore);
  const stats = runtime.functionStats();

  const latencies: number[] = [];
  const ids = accepted.map((r) => String(r.body.id));
  for (let i = 0; i < ids.length; i += 100) {
    const { Responses } = await db.send(
      new BatchGetCommand({
        RequestItems: {
          [jobsTable.name]: {
            Keys: ids.slice(i, i + 100).map((id) => ({ id })),
            ProjectionExpression: 'createdAt, finishedAt',
          },
        },
      }),
    );
    for (const item of Responses?.[jobsTable.name] ?? []) {
      latencies.push(Date.parse(String(item.finishedAt)) - Date.parse(String(item.createdAt)));
    }
  }

  const n = options.jobs;
  const perJob = Object.fromEntries(Object.entries(requests).map(([k, v]) => [k, v / n]));
  const sum = (prefix: string) =>
    Object.entries(perJob)
      .filter(([k]) => k.startsWith(prefix))
      .reduce((a, [, v]) => a + v, 0);
  const writes = ['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem'].reduce(
    (a, op) => a + (perJob[`DynamoDB.${op}`] ?? 0),
    0,
  );
  const invocations = stats.map((s) => {
    const before = statsBefore.find((b) => b.logicalId === s.logicalId);
    const memoryMb = runtime.functions.find((f) => f.logicalId === s.logicalId)?.memoryMb ?? 128;
    return {
      name: s.shortName,
      invocations: s.invocations - (before?.invocations ?? 0),
      gbSeconds: ((s.busyMs - (before?.busyMs ?? 0)) / 1000) * (memoryMb / 1024),
    };
  });
  const totalInvocations = invocations.reduce((a, s) => a + s.invocations, 0);
  const totalGbSeconds = invocations.reduce((a, s) => a + s.gbSeconds, 0);
  const apiCalls = invocations.filter((s) => /api/i.test(s.name)).reduce((a, s) => a + s.invocations, 0);

  console.log('');
  console.log(`jobs/s (POST of the first → completion of the last): ${((n / elapsed) * 1000).toFixed(0)}`);
  console.log(
    `  accepted ${accepted.length} in ${(submittedIn / 1000).toFixed(1)} s, all completed in ${(elapsed / 1000).toFixed(1)} s`,
  );
  console.log(
    `latency POST→completed (ms): p50 ${percentile(latencies, 50)}  p95 ${percentile(latencies, 95)}  p99 ${percentile(latencies, 99)}  max ${Math.max(...latencies)}`,
  );
  console.log('');
  console.log('AWS requests per job:');
  for (const [key, v] of Object.entries(perJob).sort()) console.log(`  ${key.padEnd(36)} ${v.toFixed(3)}`);
  console.log(`  ${'DynamoDB writes (target ≤ 3)'.padEnd(36)} ${writes.toFixed(3)}`);
  console.log(`  ${'SQS requests (target ≤ 1.3)'.padEnd(36)} ${sum('SQS.').toFixed(3)}`);
  console.log('Lambda invocations per job:');
  for (const s of invocations) console.log(`  ${s.name.padEnd(36)} ${(s.invocations / n).toFixed(3)}`);
  console.log('');
  const lines = costPerMillionJobs({
    requests: perJob,
    dynamodbWriteUnits: estimateWriteUnits(perJob),
    dynamodbReadUnits: 0,
    lambdaInvocations: totalInvocations / n,
    lambdaGbSeconds: totalGbSeconds / n,
    apiCalls: apiCalls / n,
  });
  console.log('Cost per million jobs at us-east-1 list prices (local durations stand in for Lambda time):');
  for (const line of lines) console.log(`  ${line.item.padEnd(36)} $${line.perMillionJobsUsd.toFixed(2)}`);
  console.log(`  ${'total'.padEnd(36)} $${lines.reduce((a, l) => a + l.perMillionJobsUsd, 0).toFixed(2)}`);
} finally {
  await runtime.stop();
  rmSync(stateDir, { recursive: true, force: true });
}

function diff(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(after)) {
    const d = v - (before[k] ?? 0);
    if (d > 0) out[k] = d;
  }
  return out;
}
