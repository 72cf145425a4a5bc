import type { Command } from 'commander';
import type { Enqueued } from '../../src/client/index.ts';
import { readPayload, timeoutSeconds, wholeNumber } from '../arguments.ts';
import { describeError } from '../describe-error.ts';
import { CliError, UsageError } from '../errors.ts';
import type { Run } from '../program.ts';
import type { CliClient, Session } from '../session.ts';
import { DEFAULT_TIMEOUT_MS, waitAndReport } from './wait.ts';

interface SubmitOptions {
  readonly payload?: string;
  readonly maxAttempts?: number;
  readonly count?: number;
  readonly wait?: boolean;
  readonly timeout?: number;
}

/** Submissions in flight at once with --count. */
const SUBMIT_CONCURRENCY = 8;

export function submitCommand(command: Command, run: Run): void {
  command
    .description('Submit a job (POST /jobs); prints its id, or with --wait the finished job.')
    .argument('<type>', 'the job type, e.g. email')
    .option('--payload <json>', "the payload, a JSON object ('-' reads it from stdin)")
    .option('--max-attempts <n>', "attempts the job gets (1–25; default: its type's, else 3)", wholeNumber(1))
    .option(
      '--count <n>',
      'submit n jobs with the same payload (prints an array with --json)',
      wholeNumber(1),
    )
    .option('--wait', 'wait until the job is completed, failed or canceled; exit 0 only if it completed')
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
  echo '{"ms":500}' | sqs-jobs submit sleep --payload - --count 20 --wait`,
    )
    .action(
      run(async (session: Session, type: string, options: SubmitOptions) => {
        if (options.timeout !== undefined && !options.wait)
          throw new UsageError('--timeout is how long --wait waits; add --wait');
        const payload = await readPayload(options.payload, session.io.stdin);
        const client = session.client();
        const count = options.count ?? 1;
        const enqueue = () =>
          client.enqueue(
            type,
            payload,
            options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts },
          );
        const submitted = count === 1 ? [await enqueue()] : await submitMany(session, enqueue, count);
        const many = options.count !== undefined;
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
