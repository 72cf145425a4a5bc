/**
 * npm run bench [-- --jobs 3000 --concurrency 32]
 *
 * Pushes N jobs (noop unless --type) through the embedded runtime (functions in their own processes, emulators in
 * theirs) and prints jobs/s, POST→completed latency percentiles, and the AWS requests each job cost,
 * by service and operation, priced at list prices. Targets (reported, not asserted): ≥ 200 jobs/s
 * here, ≤ 3 DynamoDB writes and ≤ 1.3 SQS requests per job.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Command, InvalidArgumentError } from 'commander';
import { startRuntime } from '../local/runtime.ts';
import type { RequestCounts } from '../src/adapters/aws/request-counter.ts';
import { postAll } from './http-load.ts';
import { observe } from './observer.ts';
import { printReport } from './report.ts';

const options = new Command()
  .option('--jobs <n>', 'jobs to push', (v) => Number.parseInt(v, 10), 3000)
  .option('--concurrency <n>', 'HTTP requests in flight', (v) => Number.parseInt(v, 10), 32)
  .option('--warmup <n>', 'jobs run first and not measured', (v) => Number.parseInt(v, 10), 200)
  .option('--type <type>', "the job type pushed (your app's, under sqs-jobs bench)", 'noop')
  .option('--payload <json>', 'the payload of every job, a JSON object (default: none)', payloadOption)
  .option(
    '--batch <n>',
    'submit through POST /jobs/batch, n jobs (1–500) to a request (default: one POST /jobs per job)',
    (v) => Number.parseInt(v, 10),
  )
  .option(
    '--fan-in <n>',
    'submit the jobs as fan-ins: batches of n parents (1–499) and one child that dependsOn them all; prints the DynamoDB writes per parent completion',
    (v) => Number.parseInt(v, 10),
  )
  .parse()
  .opts<{
    jobs: number;
    concurrency: number;
    warmup: number;
    type: string;
    payload?: object;
    batch?: number;
    fanIn?: number;
  }>();
if (options.batch !== undefined && !(options.batch >= 1 && options.batch <= 500))
  throw new InvalidArgumentError('--batch is 1–500.');
if (options.fanIn !== undefined && !(options.fanIn >= 1 && options.fanIn <= 499))
  throw new InvalidArgumentError('--fan-in is 1–499.');
if (options.fanIn !== undefined && options.batch !== undefined)
  throw new InvalidArgumentError('--fan-in submits its own batches: not with --batch.');

function payloadOption(value: string): object {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new InvalidArgumentError('not JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new InvalidArgumentError('a payload is a JSON object.');
  return parsed;
}
const body = JSON.stringify({
  type: options.type,
  ...(options.payload === undefined ? {} : { payload: options.payload }),
});

const stateDir = mkdtempSync(path.join(tmpdir(), 'sqs-jobs-bench-'));
const runtime = await startRuntime({
  port: 0,
  dynamodbPort: 0,
  sqsPort: 0,
  stateDir,
  quiet: true,
  // The stats and sweeper rules would add their own requests to the per-job counts.
  schedules: false,
  log: () => undefined,
});
const observer = observe(runtime);
try {
  const apiUrl = runtime.apiUrl;
  if (!apiUrl) throw new Error('the template has no REST API');
  /** Submits n jobs; resolves with the accepted jobs' ids (a refused one aborts the run). */
  const submit = async (n: number): Promise<string[]> => {
    const fanIn = options.fanIn;
    const size = fanIn === undefined ? options.batch : fanIn + 1;
    if (size === undefined) {
      const answers = await postAll(
        `${apiUrl}/jobs`,
        Array.from({ length: n }, () => body),
        options.concurrency,
      );
      return answers.map((answer) => String(answer.body.id));
    }
    const batches = Array.from({ length: Math.ceil(n / size) }, (_, i) => {
      const count = Math.min(size, n - i * size);
      const jobs = Array.from({ length: count }, () => JSON.parse(body));
      // The last job of each fan-in waits for the others.
      if (fanIn !== undefined && count > 1)
        jobs[count - 1] = { ...jobs[count - 1], dependsOn: Array.from({ length: count - 1 }, (_, k) => k) };
      return JSON.stringify({ jobs });
    });
    const answers = await postAll(`${apiUrl}/jobs/batch`, batches, options.concurrency);
    return answers.flatMap((answer) =>
      (answer.body.results as { accepted: boolean; id?: string; error?: unknown }[]).map((result) => {
        if (!result.accepted) throw new Error(`a job was refused: ${JSON.stringify(result.error)}`);
        return String(result.id);
      }),
    );
  };

  console.log(`warm-up: ${options.warmup} jobs`);
  await submit(options.warmup);
  await observer.drained(60_000);
  await sleep(500);

  const countsBefore = runtime.requestCounts();
  const statsBefore = runtime.functionStats();
  const how =
    options.fanIn !== undefined
      ? `fan-ins of ${options.fanIn} parents → 1 child (POST /jobs/batch)`
      : options.batch === undefined
        ? 'POST /jobs'
        : `POST /jobs/batch of ${options.batch}`;
  console.log(`measuring: ${options.jobs} ${options.type} jobs, ${options.concurrency} concurrent ${how}`);
  const started = Date.now();
  const accepted = await submit(options.jobs);
  const submittedMs = Date.now() - started;
  await observer.drained(300_000);
  // Let the last deletes land before reading the counters.
  await sleep(1_000);
  const requests = diff(runtime.requestCounts(), countsBefore);

  const jobs = await observer.jobs(accepted);
  const missing = accepted.length - jobs.filter((j) => j.status === 'completed').length;
  if (missing > 0) throw new Error(`${missing} of ${accepted.length} accepted jobs did not complete`);
  const lastFinished = Math.max(...jobs.map((j) => Date.parse(j.finishedAt)));

  printReport({
    ...(options.fanIn === undefined ? {} : { fanIn: options.fanIn }),
    jobs: options.jobs,
    submittedMs,
    elapsedMs: lastFinished - started,
    latenciesMs: jobs.map((j) => Date.parse(j.finishedAt) - Date.parse(j.createdAt)),
    requests,
    functions: runtime.functionStats().map((s) => {
      const before = statsBefore.find((b) => b.logicalId === s.logicalId);
      return {
        name: s.shortName,
        invocations: s.invocations - (before?.invocations ?? 0),
        gbSeconds: ((s.busyMs - (before?.busyMs ?? 0)) / 1000) * (s.memoryMb / 1024),
      };
    }),
  });
} finally {
  observer.close();
  await runtime.stop();
  rmSync(stateDir, { recursive: true, force: true });
}

function diff(after: RequestCounts, before: RequestCounts): RequestCounts {
  const out: RequestCounts = {};
  for (const [k, v] of Object.entries(after)) if (v > (before[k] ?? 0)) out[k] = v - (before[k] ?? 0);
  return out;
}
