import type { Command } from 'commander';
import { timeoutSeconds } from '../arguments.ts';
import { EXIT, InterruptedError, WaitTimedOutError } from '../errors.ts';
import type { Run } from '../program.ts';
import { jobProgress, waitProgress } from '../progress.ts';
import { jobLines, jobTable, outcomeLine } from '../render.ts';
import type { CliClient, Session } from '../session.ts';
import { type Finished, type WaitJobsOutcome, waitForJobs } from '../wait-jobs.ts';

/** How long --wait and `wait` wait by default: enough for a few attempts with backoff. */
export const DEFAULT_TIMEOUT_MS = 300_000;

export function waitCommand(command: Command, run: Run): void {
  command
    .description(
      'Wait until jobs are completed, failed or canceled; prints them (an array with --json, for several)',
    )
    .argument('<id...>', 'job ids')
    .option(
      '--timeout <s>',
      `seconds to wait for all of them (default ${DEFAULT_TIMEOUT_MS / 1_000}; 0 = no limit)`,
      timeoutSeconds,
    )
    .action(
      run(async (session: Session, ids: string[], options: { timeout?: number }) =>
        waitAndReport(session, session.client(), ids, {
          timeoutMs: options.timeout ?? DEFAULT_TIMEOUT_MS,
          many: ids.length > 1,
        }),
      ),
    );
}

/**
 * Waits for the jobs (on a terminal, a bar of how many finished when there are several, else the
 * job's own progress as its handler reports it), prints them, and
 * answers the exit code: 0 when every one completed, 1 when one failed or was canceled. Running out
 * of time or Ctrl-C print what finished, then fail with their own codes; the jobs go on.
 */
export async function waitAndReport(
  session: Session,
  client: CliClient,
  ids: readonly string[],
  options: { readonly timeoutMs: number; readonly many: boolean },
): Promise<number> {
  const { finished, unfinished } = await waitShowingProgress(session, client, ids, options);
  if (options.many || finished.length > 0)
    session.emit(options.many ? finished : finished[0], () =>
      options.many ? finishedLines(finished) : jobLines(finished[0] as never),
    );
  if (unfinished.length > 0) throw waitTimedOut(unfinished, ids.length, options.timeoutMs);
  return allCompleted(finished);
}

/**
 * Waits for the jobs as `waitAndReport` does (the progress on stderr, Ctrl-C an InterruptedError),
 * printing nothing: what finished, and what did not in time.
 */
export async function waitShowingProgress(
  session: Session,
  client: CliClient,
  ids: readonly string[],
  options: { readonly timeoutMs: number; readonly many: boolean },
): Promise<WaitJobsOutcome> {
  const progress = options.many
    ? waitProgress(ids.length, session.io.stderr, !session.json)
    : jobProgress(session.io.stderr, !session.json);
  const interrupt = new AbortController();
  const see = ids.length === 1 ? `sqs-jobs get ${ids[0]}` : 'sqs-jobs get <id>';
  const stop = (signal: NodeJS.Signals) =>
    interrupt.abort(new InterruptedError(`${signal} while waiting; the jobs go on (see them with ${see})`));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await waitForJobs(client, ids, {
      timeoutMs: options.timeoutMs,
      signal: interrupt.signal,
      onFinished: (job) => progress.finished(job.status),
      onProgress: (report, job) => progress.reported(report, job.status),
    });
  } finally {
    progress.stop();
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

/** Several finished jobs for people: their table, then how they ended. */
export function finishedLines(finished: readonly Finished[]): string[] {
  return [...jobTable(finished), '', outcomeLine(finished)];
}

/** 0 when every job completed, else 1. */
export function allCompleted(finished: readonly Finished[]): number {
  return finished.every((job) => job.status === 'completed') ? EXIT.ok : EXIT.jobNotCompleted;
}

/** The error of a wait that ran out of time, naming the job when one of `total` is left. */
export function waitTimedOut(
  unfinished: WaitJobsOutcome['unfinished'],
  total: number,
  timeoutMs: number,
): WaitTimedOutError {
  const seconds = String(Number((timeoutMs / 1_000).toFixed(1)));
  const first = unfinished[0];
  return new WaitTimedOutError(
    unfinished.length === 1 && first
      ? `job ${first.id} did not finish within ${seconds} s (last status: ${first.lastStatus ?? 'unknown'}); it goes on`
      : `${unfinished.length} of ${total} jobs did not finish within ${seconds} s; they go on`,
    unfinished.map((job) => job.id),
  );
}
