/**
 * The CLI's exit codes and its own errors. Each error is printed as one line on stderr (with --json,
 * as `{"error": {"code", "message", "details"}}`), then the process exits with its code.
 */

/** What the exit code says; the README's "Command line" section lists them. */
export const EXIT = {
  /** Done; with --wait, every job completed. */
  ok: 0,
  /** With --wait: a job ended failed or canceled. */
  jobNotCompleted: 1,
  /** The command line cannot work: an unknown option, bad JSON, no API URL. */
  usage: 2,
  /** The API refused the call or could not be reached. */
  api: 3,
  /** --wait or `wait` ran out of time before every job finished (as timeout(1) does). */
  waitTimeout: 124,
  /** Ctrl-C while waiting; the jobs go on. */
  interrupted: 130,
  /** An error nobody planned for, a bug (sysexits' EX_SOFTWARE). */
  unexpected: 70,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error the CLI raises itself, worded for the person at the terminal. */
export class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: ExitCode,
    readonly details: Readonly<Record<string, unknown>> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The command line asks for something that cannot work; nothing was sent. */
export class UsageError extends CliError {
  constructor(message: string, details: Readonly<Record<string, unknown>> = {}) {
    super('InvalidArgument', message, EXIT.usage, details);
  }
}

/** Jobs did not finish in time; they go on. */
export class WaitTimedOutError extends CliError {
  constructor(
    message: string,
    readonly unfinished: readonly string[],
  ) {
    super('WaitTimeout', message, EXIT.waitTimeout, { unfinished });
  }
}

/** Ctrl-C or SIGTERM while waiting. */
export class InterruptedError extends CliError {
  constructor(message: string) {
    super('Interrupted', message, EXIT.interrupted);
  }
}
