import { ITEMS_SUFFIX } from '../src/adapters/aws/request-counter.ts';
import { costPerMillionJobs, estimateWriteUnits, percentile } from '../src/core/cost.ts';

export interface RunFigures {
  readonly jobs: number;
  readonly submittedMs: number;
  /** From the first POST to the last job's finish. */
  readonly elapsedMs: number;
  readonly latenciesMs: readonly number[];
  readonly requests: Readonly<Record<string, number>>;
  readonly functions: ReadonlyArray<{ name: string; invocations: number; gbSeconds: number }>;
  /** Parents per child, when the jobs were submitted as fan-ins. */
  readonly fanIn?: number;
}

const pad = (label: string) => `  ${label.padEnd(36)}`;
const WRITE_OPS = ['PutItem', 'UpdateItem', 'DeleteItem', `BatchWriteItem${ITEMS_SUFFIX}`];

export function printReport(run: RunFigures): void {
  const n = run.jobs;
  const perJob = Object.fromEntries(Object.entries(run.requests).map(([k, v]) => [k, v / n]));
  const total = (prefix: string, ops?: readonly string[]) =>
    Object.entries(perJob)
      .filter(([k]) => k.startsWith(prefix) && (!ops || ops.includes(k.slice(prefix.length))))
      .reduce((a, [, v]) => a + v, 0);
  const latencies = run.latenciesMs;

  console.log('');
  console.log(`jobs/s (first POST → last completion): ${((n / run.elapsedMs) * 1000).toFixed(0)}`);
  console.log(
    `  ${n} accepted in ${(run.submittedMs / 1000).toFixed(1)} s, all completed in ${(run.elapsedMs / 1000).toFixed(1)} s`,
  );
  console.log(
    `latency POST→completed (ms): p50 ${percentile(latencies, 50)}  p95 ${percentile(latencies, 95)}  ` +
      `p99 ${percentile(latencies, 99)}  max ${Math.max(...latencies)}`,
  );
  console.log('');
  console.log('AWS requests per job:');
  for (const [key, v] of Object.entries(perJob).sort())
    if (!key.endsWith(ITEMS_SUFFIX)) console.log(`${pad(key)} ${v.toFixed(3)}`);
  // Items written, as DynamoDB bills them: a batch write's items, not its requests.
  console.log(
    `${pad('DynamoDB writes (target ≤ 3)')} ${total('DynamoDB.', ['PutItem', 'UpdateItem', 'DeleteItem', `BatchWriteItem${ITEMS_SUFFIX}`]).toFixed(3)}`,
  );
  console.log(`${pad('SQS requests (target ≤ 1.3)')} ${total('SQS.').toFixed(3)}`);
  if (run.fanIn !== undefined) {
    // Every write of the run over the parents: a child's own writes are a job's, the rest is the
    // fan-in's (the outcome recorded on the child, the parent kept and let go).
    const writes = WRITE_OPS.reduce((a, op) => a + (run.requests[`DynamoDB.${op}`] ?? 0), 0);
    const children = Math.ceil(n / (run.fanIn + 1));
    console.log(
      `${pad(`fan-in ${run.fanIn} → 1: writes per parent completion`)} ${(writes / (n - children)).toFixed(3)} (a plain job: the writes per job of a run without --fan-in)`,
    );
  }
  console.log('Lambda invocations per job:');
  for (const fn of run.functions) console.log(`${pad(fn.name)} ${(fn.invocations / n).toFixed(3)}`);

  const invocations = run.functions.reduce((a, f) => a + f.invocations, 0) / n;
  const lines = costPerMillionJobs({
    requests: perJob,
    dynamodbWriteUnits: estimateWriteUnits(perJob),
    dynamodbReadUnits: 0,
    lambdaInvocations: invocations,
    lambdaGbSeconds: run.functions.reduce((a, f) => a + f.gbSeconds, 0) / n,
    apiCalls: (run.functions.find((f) => f.name === 'api')?.invocations ?? 0) / n,
  });
  console.log('');
  console.log('Cost per million jobs, us-east-1 list prices (local run time stands in for Lambda duration;');
  console.log('DynamoDB writes counted in write units, index writes included):');
  for (const line of lines) console.log(`${pad(line.item)} $${line.perMillionJobsUsd.toFixed(2)}`);
  console.log(`${pad('total')} $${lines.reduce((a, l) => a + l.perMillionJobsUsd, 0).toFixed(2)}`);
}
