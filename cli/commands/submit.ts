import { type Command, Option } from 'commander';
import type { BatchResult, Enqueued, Priority } from '../../src/client/index.ts';
import { PRIORITIES } from '../../src/core/priority.ts';
import { MAX_BATCH_JOBS } from '../../src/core/use-cases/submit-jobs.ts';
import {
  delaySeconds,
  idempotencyKey,
  readPayload,
  runAtTime,
  type StartFlags,
  startOf,
  timeoutSeconds,
  wholeNumber,
} from '../arguments.ts';
import { readJobsFile } from '../batch-file.ts';
import { printable } from '../dashboard/sanitize.ts';
import { describeError, describeRefusal } from '../describe-error.ts';
import { CliError, EXIT, UsageError } from '../errors.ts';
import type { Run } from '../program.ts';
import type { CliClient, Session } from '../session.ts';
import { DEFAULT_TIMEOUT_MS, waitAndReport } from './wait.ts';

interface SubmitOptions extends StartFlags {
  readonly file?: string;
  readonly payload?: string;
  readonly maxAttempts?: number;
  readonly priority?: Priority;
  readonly count?: number;
  readonly idempotencyKey?: string;
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

A start more than 15 minutes ahead is stored scheduled (sqs-jobs list --status scheduled) and can be
moved with sqs-jobs reschedule. With --wait, --timeout counts from now, not from the start.
A key already used prints its first job's id (and says so on stderr) and creates nothing; how long a
key holds is its job type's idempotency setting (a day by default). The same key with a different
type, payload, --max-attempts or start is refused (409 IdempotencyKeyReused). A full queue refuses
with 503 Backpressure; each priority's queue is judged on its own.`,
    )
    .action(
      run(async (session: Session, type: string | undefined, options: SubmitOptions) => {
        if (options.timeout !== undefined && !options.wait)
          throw new UsageError('--timeout is how long --wait waits; add --wait');
        if (options.file !== undefined) return submitFile(session, options.file, type, options);
        if (type === undefined)
          throw new UsageError('name the job type (sqs-jobs submit <type>), or give --file');
        // n jobs with one key would be one job and n-1 duplicates of it.
        if (options.idempotencyKey !== undefined && options.count !== undefined)
          throw new UsageError(
            '--idempotency-key submits one job at most, --count several: give one of them (for many jobs with keys, use --file with an idempotencyKey on each line)',
          );
        const start = startOf(options);
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
 * the API refused some.
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
  ].filter((flag) => flag !== undefined);
  if (mixed.length > 0)
    throw new UsageError(
      `--file takes each job's type, payload, maxAttempts, priority, delaySeconds, runAt and idempotencyKey from its line; drop ${mixed.join(', ')}`,
    );
  const jobs = await readJobsFile(file, session.io.stdin);
  const client = session.client();
  const results: { line: number; key: string | undefined; result: BatchResult }[] = [];
  for (let start = 0; start < jobs.length; start += MAX_BATCH_JOBS) {
    const chunk = jobs.slice(start, start + MAX_BATCH_JOBS);
    const answer = await client.enqueueBatch(chunk.map(({ job }) => job));
    answer.results.forEach((result, i) => {
      results.push({ line: chunk[i]?.line ?? 0, key: chunk[i]?.job.idempotencyKey, result });
    });
  }
  const source = file === '-' ? 'stdin' : file;
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
  if (!options.wait || ids.length === 0) {
    session.emit(
      {
        accepted: ids.length,
        rejected: refused,
        results: results.map(({ line, result }) => ({ line, ...result })),
      },
      () => ids,
    );
    return refused > 0 ? EXIT.api : undefined;
  }
  const waited = await waitAndReport(session, client, ids, {
    timeoutMs: options.timeout ?? DEFAULT_TIMEOUT_MS,
    many: true,
  });
  return waited === EXIT.ok && refused > 0 ? EXIT.api : waited;
}

/** A submission whose idempotency key was already held, for people: the key's first job, nothing new. */
function duplicateLine(key: string, job: { readonly id: string; readonly status: string }): string {
  return printable(
    `idempotency key ${JSON.stringify(key)} already used: job ${job.id} (${job.status}); no new job was submitted`,
  );
}
