import { type Command, Option } from 'commander';
import type {
  BatchCallback,
  BatchResult,
  DependencyOptions,
  DependencyPolicy,
  EnqueueBatchOptions,
  Enqueued,
  Priority,
  StartOptions,
} from '../../src/client/index.ts';
import { DEPENDENCY_POLICIES } from '../../src/core/dependencies.ts';
import { PRIORITIES } from '../../src/core/priority.ts';
import type { JobRegistry } from '../../src/core/registry.ts';
import { MAX_BATCH_JOBS } from '../../src/core/use-cases/submit-jobs.ts';
import {
  delaySeconds,
  dependencyIds,
  idempotencyKey,
  readPayload,
  runAtTime,
  type StartFlags,
  startOf,
  timeoutSeconds,
  wholeNumber,
} from '../arguments.ts';
import { firstPositionalDependency, readCallback, readJobsFile } from '../batch-file.ts';
import { printable } from '../dashboard/sanitize.ts';
import { describeError, describeRefusal } from '../describe-error.ts';
import { CliError, EXIT, UsageError, WaitTimedOutError } from '../errors.ts';
import type { Run } from '../program.ts';
import { errorText } from '../render.ts';
import type { CliClient, Session } from '../session.ts';
import type { Finished, WaitJobsOutcome } from '../wait-jobs.ts';
import {
  allCompleted,
  DEFAULT_TIMEOUT_MS,
  finishedLines,
  waitAndReport,
  waitShowingProgress,
  waitTimedOut,
} from './wait.ts';

interface SubmitOptions extends StartFlags {
  readonly file?: string;
  readonly payload?: string;
  readonly maxAttempts?: number;
  readonly priority?: Priority;
  readonly count?: number;
  readonly idempotencyKey?: string;
  readonly dependsOn?: string[];
  readonly onDependencyFailure?: DependencyPolicy;
  readonly batch?: boolean;
  readonly onComplete?: string;
  readonly wait?: boolean;
  readonly timeout?: number;
}

/** Submissions in flight at once with --count. */
const SUBMIT_CONCURRENCY = 8;

export function submitCommand(command: Command, run: Run): void {
  command
    .description(
      'Submit a job (POST /jobs), or a file of jobs (POST /jobs/batch); prints the ids, or with --wait the finished jobs.',
    )
    .argument('[type]', 'the job type, e.g. email (not with --file)')
    .option(
      '--file <path>',
      "submit the jobs of an NDJSON file, one per line as POST /jobs takes it ('-' reads stdin), 500 to a request",
    )
    .option('--payload <json>', "the payload, a JSON object ('-' reads it from stdin)")
    .option('--max-attempts <n>', "attempts the job gets (1–25; default: its type's, else 3)", wholeNumber(1))
    .addOption(
      new Option(
        '--priority <priority>',
        "the queue the job goes on; a high job never waits behind a default backlog (default: its type's, else default)",
      ).choices(PRIORITIES),
    )
    .option(
      '--delay <seconds>',
      'start no sooner than this many seconds from now (0 to 31536000, a year; not with --run-at)',
      delaySeconds,
    )
    .option(
      '--run-at <time>',
      'start no sooner than this time: ISO 8601 with Z or an offset, e.g. 2026-12-01T09:30:00Z (up to a year ahead)',
      runAtTime,
    )
    .option(
      '--count <n>',
      'submit n jobs with the same payload (prints an array with --json)',
      wholeNumber(1),
    )
    .option(
      '--idempotency-key <key>',
      "submit at most once: sent again with this key, the answer is the key's first job and nothing is created (1–255 printable ASCII characters; not with --count)",
      idempotencyKey,
    )
    .option(
      '--depends-on <id...>',
      'wait for these jobs to end before running (status waiting); ids separated by spaces or commas, up to 500 (not with --delay or --run-at)',
      dependencyIds,
    )
    .addOption(
      new Option(
        '--on-dependency-failure <policy>',
        'with --depends-on, when one of them fails or is canceled: fail this job (default), skip it (canceled) or run it anyway',
      ).choices(DEPENDENCY_POLICIES),
    )
    .option(
      '--batch',
      `with --file: submit the file's jobs as one batch (one request, so ${MAX_BATCH_JOBS} jobs at most) and print its id after theirs (sqs-jobs batch <id> follows it)`,
    )
    .option(
      '--on-complete <json>',
      'with --file: a job to run once every job of the batch has ended, a JSON object like \'{"type":"email","payload":{"to":"ada@example.com"}}\' (maxAttempts and priority too); implies --batch',
    )
    .option(
      '--wait',
      'wait until the job is completed, failed or canceled (on a terminal, showing its progress); exit 0 only if it completed',
    )
    .option(
      '--timeout <s>',
      `with --wait: seconds to wait for all the jobs (default ${DEFAULT_TIMEOUT_MS / 1_000}; 0 = no limit)`,
      timeoutSeconds,
    )
    .addHelpText(
      'after',
      `
Examples:
  sqs-jobs submit email --payload '{"to":"ada@example.com"}' --wait
  echo '{"ms":500}' | sqs-jobs submit sleep --payload - --count 20 --wait
  sqs-jobs submit email --payload '{"to":"ada@example.com"}' --priority high
  sqs-jobs submit noop --delay 600              # starts in ten minutes at the earliest
  sqs-jobs submit noop --run-at 2026-12-01T09:30:00Z
  sqs-jobs submit email --payload '{"to":"ada@example.com"}' --idempotency-key order-42-receipt
  sqs-jobs submit --file jobs.ndjson --wait     # jobs.ndjson: {"type":"email","to":"ada@example.com"} …
  sqs-jobs submit report --depends-on 3f0c… 9a1b… --on-dependency-failure skip
  sqs-jobs submit --file resizes.ndjson --on-complete '{"type":"email","payload":{"to":"ada@example.com"}}' --wait

A start more than 15 minutes ahead is stored scheduled (sqs-jobs list --status scheduled) and can be
moved with sqs-jobs reschedule. With --wait, --timeout counts from now, not from the start.
A key already used prints its first job's id (and says so on stderr) and creates nothing; how long a
key holds is its job type's idempotency setting (a day by default). The same key with a different
type, payload, --max-attempts or start is refused (409 IdempotencyKeyReused). A full queue refuses
with 503 Backpressure; each priority's queue is judged on its own.

With --depends-on the job is stored waiting until those jobs end (one that ended already counts at
once), then queued; an unknown id is refused (400). With --wait, --timeout covers the time spent
waiting for them. In a --file, a line's "dependsOn" may name other jobs of the file by position
(0 for the file's first job, blank lines not counted), in files of up to 500 jobs (one request).

With --batch (or --on-complete) the accepted jobs of the --file form one batch: its id is printed last,
as "batch <id>" (with --json, the answer's batchId). The --on-complete job runs once after every job of
the batch has ended, whatever each did. With --wait, the batch's jobs are waited for, then the callback;
exit 0 only if they all completed and so did the callback.`,
    )
    .action(
      run(async (session: Session, type: string | undefined, options: SubmitOptions) => {
        if (options.timeout !== undefined && !options.wait)
          throw new UsageError('--timeout is how long --wait waits; add --wait');
        if (options.file === undefined && (options.batch || options.onComplete !== undefined))
          throw new UsageError(
            `${options.onComplete === undefined ? '--batch' : '--on-complete'} submits the jobs of a file as one batch; add --file <path>`,
          );
        if (options.file !== undefined) return submitFile(session, options.file, type, options);
        if (type === undefined)
          throw new UsageError('name the job type (sqs-jobs submit <type>), or give --file');
        // n jobs with one key would be one job and n-1 duplicates of it.
        if (options.idempotencyKey !== undefined && options.count !== undefined)
          throw new UsageError(
            '--idempotency-key submits one job at most, --count several: give one of them (for many jobs with keys, use --file with an idempotencyKey on each line)',
          );
        // Exclusive: a job with dependencies starts when they end, never at a time of its own.
        const start: StartOptions & DependencyOptions = dependenciesOf(options) ?? startOf(options) ?? {};
        const payload = await readPayload(options.payload, session.io.stdin);
        const client = session.client();
        const count = options.count ?? 1;
        const enqueueOptions = {
          ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
          ...(options.priority === undefined ? {} : { priority: options.priority }),
          ...start,
          ...(options.idempotencyKey === undefined ? {} : { idempotencyKey: options.idempotencyKey }),
        };
        const enqueue = () => client.enqueue(type, payload, enqueueOptions);
        const submitted = count === 1 ? [await enqueue()] : await submitMany(session, enqueue, count);
        const many = options.count !== undefined;
        const [first] = submitted;
        // With --json the answer says so itself (`duplicate: true`).
        if (first?.duplicate && options.idempotencyKey !== undefined && !session.json)
          session.io.stderr.write(`sqs-jobs: ${duplicateLine(options.idempotencyKey, first)}\n`);
        if (!options.wait) {
          session.emit(many ? submitted : submitted[0], () => submitted.map((job) => job.id));
          return undefined;
        }
        return waitAndReport(
          session,
          client,
          submitted.map((job) => job.id),
          {
            timeoutMs: options.timeout ?? DEFAULT_TIMEOUT_MS,
            many,
          },
        );
      }),
    );
}

/**
 * `--depends-on` and `--on-dependency-failure` as the API's fields. What the API would refuse is a
 * usage error here: a policy without dependencies, or dependencies with a start of their own.
 */
function dependenciesOf(
  options: SubmitOptions,
): { readonly dependsOn: string[]; readonly onDependencyFailure?: DependencyPolicy } | undefined {
  const { dependsOn, onDependencyFailure } = options;
  if (dependsOn === undefined) {
    if (onDependencyFailure !== undefined)
      throw new UsageError(
        '--on-dependency-failure says what a failed dependency does to the job; add --depends-on <id...>',
      );
    return undefined;
  }
  const start = [
    options.delay === undefined ? undefined : '--delay',
    options.runAt === undefined ? undefined : '--run-at',
  ].filter((flag) => flag !== undefined);
  if (start.length > 0)
    throw new UsageError(`a job with --depends-on starts when they end; drop ${start.join(', ')}`);
  return { dependsOn, ...(onDependencyFailure === undefined ? {} : { onDependencyFailure }) };
}

/**
 * The first job alone, so a payload the API refuses stops everything before any job exists; then
 * the rest a few at a time. A failure part-way prints the ids already submitted, then says so.
 */
async function submitMany(
  session: Session,
  enqueue: () => ReturnType<CliClient['enqueue']>,
  count: number,
): Promise<Enqueued<string>[]> {
  const submitted: Enqueued<string>[] = [await enqueue()];
  let failure: unknown;
  const worker = async () => {
    while (failure === undefined && submitted.length < count) {
      // Claimed before the request, so the workers together send exactly `count`.
      const slot = submitted.length;
      submitted.length += 1;
      try {
        submitted[slot] = await enqueue();
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(SUBMIT_CONCURRENCY, count - 1) }, worker));
  if (failure === undefined) return submitted;
  const done = submitted.filter((job): job is Enqueued<string> => job !== undefined);
  session.emit(done, () => done.map((job) => job.id));
  const problem = describeError(failure, session.callSettings);
  throw new CliError(
    problem.code,
    `${problem.message} (${done.length} of ${count} jobs were submitted; their ids are on stdout)`,
    problem.exitCode,
    { ...problem.details, submitted: done.length },
  );
}

/**
 * `--file`: the file's jobs, 500 to a POST /jobs/batch, each accepted or refused on its own. Accepted
 * ids go to stdout (or, with --wait, the finished jobs); each refusal is one line on stderr naming
 * the file's line. Exits 0 only when every job was accepted (and, with --wait, completed); 3 when
 * the API refused some. With --batch or --on-complete the file goes in one request, as one batch,
 * and its id is printed last (`batch <id>`).
 */
async function submitFile(
  session: Session,
  file: string,
  type: string | undefined,
  options: SubmitOptions,
): Promise<number | undefined> {
  const mixed = [
    type === undefined ? undefined : `a type (${type})`,
    options.payload === undefined ? undefined : '--payload',
    options.count === undefined ? undefined : '--count',
    options.maxAttempts === undefined ? undefined : '--max-attempts',
    options.priority === undefined ? undefined : '--priority',
    options.delay === undefined ? undefined : '--delay',
    options.runAt === undefined ? undefined : '--run-at',
    options.idempotencyKey === undefined ? undefined : '--idempotency-key',
    options.dependsOn === undefined ? undefined : '--depends-on',
    options.onDependencyFailure === undefined ? undefined : '--on-dependency-failure',
  ].filter((flag) => flag !== undefined);
  if (mixed.length > 0)
    throw new UsageError(
      `--file takes each job's type, payload, maxAttempts, priority, delaySeconds, runAt, idempotencyKey, dependsOn and onDependencyFailure from its line; drop ${mixed.join(', ')}`,
    );
  // Checked before the file is read: a callback that cannot be sent stops everything.
  const callback = options.onComplete === undefined ? undefined : readCallback(options.onComplete);
  const asBatch = options.batch === true || callback !== undefined;
  const jobs = await readJobsFile(file, session.io.stdin);
  const source = file === '-' ? 'stdin' : file;
  // A batch is one request, stored whole: it cannot be sent in parts.
  if (asBatch && jobs.length > MAX_BATCH_JOBS)
    throw new UsageError(
      `${callback ? '--on-complete' : '--batch'} sends the file as one batch, in one request of at most ${MAX_BATCH_JOBS} jobs, but ${source} holds ${jobs.length}; split it into files of up to ${MAX_BATCH_JOBS} jobs; nothing was submitted`,
    );
  // A position names an item of the same request: past one request, it would name the wrong job.
  const positional = jobs.length > MAX_BATCH_JOBS ? firstPositionalDependency(jobs) : undefined;
  if (positional)
    throw new UsageError(
      `${source} line ${positional.line} names a job of the file by its position (dependsOn: ${positional.position}), but the file holds ${jobs.length} jobs and is sent ${MAX_BATCH_JOBS} to a request, where positions count within each request; split it into files of up to ${MAX_BATCH_JOBS} jobs, or name dependencies by id; nothing was submitted`,
    );
  const client = session.client();
  const results: { line: number; key: string | undefined; result: BatchResult }[] = [];
  const batchOptions: EnqueueBatchOptions<JobRegistry> | undefined = asBatch
    ? { batch: callback ? { onComplete: callback as BatchCallback<JobRegistry> } : {} }
    : undefined;
  let batchId: string | undefined;
  for (let start = 0; start < jobs.length; start += MAX_BATCH_JOBS) {
    const chunk = jobs.slice(start, start + MAX_BATCH_JOBS);
    const answer = await client.enqueueBatch(
      chunk.map(({ job }) => job),
      batchOptions,
    );
    batchId ??= answer.batchId;
    answer.results.forEach((result, i) => {
      results.push({ line: chunk[i]?.line ?? 0, key: chunk[i]?.job.idempotencyKey, result });
    });
  }
  const ids = results.flatMap(({ result }) => (result.accepted ? [result.id] : []));
  const refused = results.length - ids.length;
  for (const { line, key, result } of results) {
    if (!result.accepted)
      session.io.stderr.write(`sqs-jobs: ${source} line ${line}: ${describeRefusal(result.error)}\n`);
    // With --json the results say so themselves (`duplicate: true`).
    else if (result.duplicate && key !== undefined && !session.json)
      session.io.stderr.write(`sqs-jobs: ${source} line ${line}: ${duplicateLine(key, result)}\n`);
  }
  if (refused > 0) session.io.stderr.write(`sqs-jobs: ${ids.length} accepted, ${refused} refused\n`);
  if (asBatch && batchId === undefined)
    session.io.stderr.write(
      ids.length === 0
        ? `sqs-jobs: no job was accepted, so no batch was made${callback ? ' (and no callback)' : ''}\n`
        : 'sqs-jobs: the API answered no batch id (is it older than batches?); the jobs were submitted on their own\n',
    );
  const batchLine = batchId === undefined ? [] : [printable(`batch ${batchId}`)];
  if (!options.wait || ids.length === 0) {
    session.emit(
      {
        accepted: ids.length,
        rejected: refused,
        results: results.map(({ line, result }) => ({ line, ...result })),
        ...(batchId === undefined ? {} : { batchId }),
      },
      () => [...ids, ...batchLine],
    );
    return refused > 0 ? EXIT.api : undefined;
  }
  const timeoutMs = options.timeout ?? DEFAULT_TIMEOUT_MS;
  const waited =
    batchId === undefined
      ? await waitAndReport(session, client, ids, { timeoutMs, many: true })
      : await waitForBatch(session, client, {
          batchId,
          ids,
          withCallback: callback !== undefined,
          timeoutMs,
        });
  return waited === EXIT.ok && refused > 0 ? EXIT.api : waited;
}

/**
 * `--batch --wait`: the batch's jobs as `--file --wait` waits for them, then its callback (the
 * --timeout covering both); prints the jobs' table, the batch's id and the callback's final status
 * (with --json, `{batchId, jobs, onComplete}`). 0 only when every job and the callback completed.
 */
async function waitForBatch(
  session: Session,
  client: CliClient,
  batch: {
    readonly batchId: string;
    readonly ids: readonly string[];
    readonly withCallback: boolean;
    readonly timeoutMs: number;
  },
): Promise<number> {
  const { batchId, ids, timeoutMs } = batch;
  const deadline = Date.now() + timeoutMs;
  const jobs = await waitShowingProgress(session, client, ids, { timeoutMs, many: true });
  let callbackId: string | undefined;
  let callback: WaitJobsOutcome | undefined;
  // The callback starts once every job has ended: past the deadline for them, it is no use asking.
  if (jobs.unfinished.length === 0 && batch.withCallback) {
    const view = await client.batches.get(batchId);
    callbackId = view.onComplete?.id ?? view.callbackJobId;
    if (callbackId !== undefined)
      callback = await waitShowingProgress(session, client, [callbackId], {
        timeoutMs: Math.max(0, deadline - Date.now()),
        many: false,
      });
  }
  const callbackJob = callback?.finished[0];
  session.emit({ batchId, jobs: jobs.finished, ...(callbackJob ? { onComplete: callbackJob } : {}) }, () => [
    ...finishedLines(jobs.finished),
    printable(`batch ${batchId}`),
    ...(callbackJob ? [callbackLine(callbackJob)] : []),
  ]);
  if (jobs.unfinished.length > 0) throw waitTimedOut(jobs.unfinished, ids.length, timeoutMs);
  const late = callback?.unfinished[0];
  if (late) {
    const seconds = String(Number((timeoutMs / 1_000).toFixed(1)));
    throw new WaitTimedOutError(
      `the batch's jobs have ended, but its callback ${late.id} did not finish within ${seconds} s (last status: ${late.lastStatus ?? 'unknown'}); it goes on`,
      [late.id],
    );
  }
  if (batch.withCallback && callbackId === undefined)
    session.io.stderr.write(`sqs-jobs: batch ${batchId} has no callback job; nothing more to wait for\n`);
  return allCompleted(callbackJob ? [...jobs.finished, callbackJob] : jobs.finished);
}

/** "callback c1 (email): completed", with its error when it failed. */
function callbackLine(job: Finished): string {
  const error = job.status === 'failed' && job.error ? ` — ${errorText(job.error)}` : '';
  return printable(`callback ${job.id} (${job.type}): ${job.status}${error}`);
}

/** A submission whose idempotency key was already held, for people: the key's first job, nothing new. */
function duplicateLine(key: string, job: { readonly id: string; readonly status: string }): string {
  return printable(
    `idempotency key ${JSON.stringify(key)} already used: job ${job.id} (${job.status}); no new job was submitted`,
  );
}
