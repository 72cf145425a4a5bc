import { Command, InvalidArgumentError } from 'commander';
import type { RequestSigner } from '../../src/client/sign.ts';

/** What `npm run dashboard` was asked to do; read once, at start, from the arguments and the environment. */
export interface DashboardConfig {
  readonly url: URL;
  /** Sent as x-api-key; only ever taken from the environment, so it stays out of `ps` and shell history. */
  readonly apiKey: string | undefined;
  /** SigV4 signing (`sqs-jobs dashboard --iam`), for a stage deployed with `-c auth=iam`. */
  readonly signer?: RequestSigner | undefined;
  readonly intervalMs: number;
  /** Print one snapshot and exit (for scripts). */
  readonly once: boolean;
  /** How long one request may take before the refresh counts as failed. */
  readonly timeoutMs: number;
}

export const MIN_INTERVAL_SECONDS = 0.2;
export const MAX_INTERVAL_SECONDS = 3_600;
export const REQUEST_TIMEOUT_MS = 10_000;
const EXAMPLE_URL = 'http://127.0.0.1:8080';

interface CliOptions {
  url?: string;
  interval: number;
  once?: boolean;
}

/**
 * Parses `argv` (process.argv form) with `env` as the fallback. Bad input ends the process with a
 * one-line message and exit code 1, through commander (`configure` can make it throw instead).
 */
export function readConfig(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  configure: (program: Command) => void = () => {},
): DashboardConfig {
  const program: Command = new Command()
    .name('npm run dashboard --')
    .description('Live view of a sqs-jobs API: workers, queue counts, throughput, the last failure.')
    .option('--url <url>', `API base URL, stage path included (env SQS_JOBS_API_URL; e.g. ${EXAMPLE_URL})`)
    .option(
      '--interval <seconds>',
      `seconds between refreshes, ${MIN_INTERVAL_SECONDS}–${MAX_INTERVAL_SECONDS}`,
      intervalSeconds,
      1,
    )
    .option('--once', 'print one snapshot and exit (exit code 1 if the API cannot be read)')
    .addHelpText(
      'after',
      '\nThe API key, if the API needs one, is read from SQS_JOBS_API_KEY and sent as x-api-key.',
    )
    .showHelpAfterError('(npm run dashboard -- --help for usage)');
  configure(program);
  program.parse(argv as string[]);
  const options = program.opts<CliOptions>();

  const fromFlag = options.url !== undefined;
  const raw = options.url ?? nonEmpty(env.SQS_JOBS_API_URL);
  if (raw === undefined) {
    program.error(
      `error: no API URL: pass --url <base URL> or set SQS_JOBS_API_URL (e.g. --url ${EXAMPLE_URL})`,
    );
  }
  const problem = urlProblem(raw);
  if (problem)
    program.error(`error: ${fromFlag ? '--url' : 'SQS_JOBS_API_URL'} ${JSON.stringify(raw)} ${problem}`);
  return {
    url: new URL(raw),
    apiKey: nonEmpty(env.SQS_JOBS_API_KEY),
    intervalMs: Math.round(options.interval * 1_000),
    once: options.once === true,
    timeoutMs: REQUEST_TIMEOUT_MS,
  };
}

function urlProblem(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `is not a URL; give the API base URL, e.g. ${EXAMPLE_URL}`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must start with http:// or https://';
  if (url.username || url.password) return 'holds credentials; put the API key in SQS_JOBS_API_KEY instead';
  if (url.search || url.hash)
    return 'has a query or fragment; give only the base URL (routes are added to it)';
  return undefined;
}

/** A commander parser for --interval: seconds between refreshes, within the bounds above. */
export function intervalSeconds(value: string): number {
  const seconds = Number(value);
  if (
    value.trim() === '' ||
    !Number.isFinite(seconds) ||
    seconds < MIN_INTERVAL_SECONDS ||
    seconds > MAX_INTERVAL_SECONDS
  ) {
    throw new InvalidArgumentError(
      `Give the seconds between refreshes, a number from ${MIN_INTERVAL_SECONDS} to ${MAX_INTERVAL_SECONDS} (e.g. 1 or 0.5).`,
    );
  }
  return seconds;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
