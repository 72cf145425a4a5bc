import { Command, CommanderError, Option } from 'commander';
import { VERSION } from '../src/version.ts';
import { batchCommand, batchesCommand, cancelBatchCommand } from './commands/batches.ts';
import { benchCommand } from './commands/bench.ts';
import { cancelCommand } from './commands/cancel.ts';
import { dashboardCommand } from './commands/dashboard.ts';
import { devCommand } from './commands/dev.ts';
import { getCommand } from './commands/get.ts';
import { listCommand } from './commands/list.ts';
import { redriveCommand } from './commands/redrive.ts';
import { rescheduleCommand } from './commands/reschedule.ts';
import { retryCommand } from './commands/retry.ts';
import { schedulesCommand } from './commands/schedules.ts';
import { statusCommand } from './commands/status.ts';
import { submitCommand } from './commands/submit.ts';
import { waitCommand } from './commands/wait.ts';
import { describeError, type Problem } from './describe-error.ts';
import { EXIT } from './errors.ts';
import { type CliIo, EXAMPLE_URL, Session } from './session.ts';

/** Wraps a command's handler: builds its Session and keeps the exit code it returns. */
export type Run = <A extends unknown[]>(
  handler: (session: Session, ...args: A) => Promise<number | undefined>,
) => (...args: unknown[]) => Promise<void>;

/**
 * Runs the CLI on `argv` (the arguments after the program name) and resolves to the exit code.
 * Every failure ends here: one line on stderr (JSON with --json), and its exit code.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  let session: Session | undefined;
  const run: Run =
    <A extends unknown[]>(handler: (session: Session, ...args: A) => Promise<number | undefined>) =>
    async (...args: unknown[]) => {
      const command = args.at(-1) as Command;
      session = Session.of(command, io);
      // Positionals, then the command's options; commander passes the Command itself last.
      exitCode = (await handler(session, ...(args.slice(0, -1) as A))) ?? EXIT.ok;
    };
  const program = createProgram(io, run);
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError && (error.exitCode === 0 || error.code === 'commander.help'))
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    const json = session?.json ?? argv.includes('--json');
    const problem = describeError(error, session?.callSettings ?? { apiKeySent: false, iam: false });
    reportProblem(io, problem, json, error instanceof CommanderError);
    return problem.exitCode;
  }
}

export function reportProblem(io: CliIo, problem: Problem, json: boolean, usageHint = false): void {
  if (json) {
    const { code, message, details } = problem;
    io.stderr.write(`${JSON.stringify({ error: { code, message, details } })}\n`);
    return;
  }
  io.stderr.write(`sqs-jobs: ${problem.message}${usageHint ? ' (see sqs-jobs --help)' : ''}\n`);
}

/** The program: global options, then one subcommand per file under commands/. */
export function createProgram(io: CliIo, run: Run): Command {
  const program = new Command()
    .name('sqs-jobs')
    .description('Submit, inspect and manage sqs-jobs jobs; run a CDK app locally; watch it.')
    .version(VERSION, '-V, --version')
    .option(
      '--url <url>',
      `API base URL, stage path included: the stack's ApiUrl output, or ${EXAMPLE_URL} locally (env SQS_JOBS_API_URL)`,
    )
    .option('--api-key <key>', 'API key, sent as x-api-key (env SQS_JOBS_API_KEY)')
    .option('--iam', 'sign requests with SigV4 as the AWS credential chain finds you (stages with auth=iam)')
    .option(
      '--region <region>',
      'AWS region: what --iam signs for (default: the one in an execute-api URL, else AWS_REGION); for dev, the region the stack pretends to be in',
    )
    .addOption(
      new Option('--json', 'machine-readable output: one JSON document on stdout, errors as JSON on stderr'),
    )
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // Errors are printed by runCli, once, in the CLI's own format.
      outputError: () => {},
    })
    .exitOverride()
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      `
Exit codes: 0 done (with --wait: every job completed) · 1 a job failed or was canceled · 2 bad
arguments · 3 the API refused or could not be reached · 124 --wait timed out · 130 interrupted.`,
    );
  submitCommand(program.command('submit'), run);
  waitCommand(program.command('wait'), run);
  getCommand(program.command('get'), run);
  listCommand(program.command('list'), run);
  cancelCommand(program.command('cancel'), run);
  retryCommand(program.command('retry'), run);
  rescheduleCommand(program.command('reschedule'), run);
  redriveCommand(program.command('redrive'), run);
  schedulesCommand(program.command('schedules'), run);
  batchesCommand(program.command('batches'), run);
  batchCommand(program.command('batch'), run);
  cancelBatchCommand(program.command('cancel-batch'), run);
  statusCommand(program.command('status'), run);
  dashboardCommand(program.command('dashboard'), run);
  devCommand(program.command('dev'), run);
  benchCommand(program.command('bench'), run);
  return program;
}
