/**
 * The CLI's own checks of what was typed, before anything is sent: what only the API can judge (a
 * payload's fields, the stack's attempt cap) is left to the API, whose answer names the field.
 */
import { InvalidArgumentError } from 'commander';
import { MAX_DEPENDENCIES } from '../src/core/dependencies.ts';
import { idempotencyKeySchema } from '../src/core/idempotency.ts';
import { ScheduleExpressionError } from '../src/core/schedule/errors.ts';
import { parseScheduleExpression } from '../src/core/schedule/expression.ts';
import { scheduleNameSchema } from '../src/core/schedule/schedule.ts';
import { validateTimezone } from '../src/core/schedule/time-zone.ts';
import { isJobStatus, JOB_STATUSES, type JobStatus } from '../src/core/status.ts';
import { runAtSchema } from '../src/core/submission.ts';
import { MAX_DELAY_SECONDS } from '../src/core/timing.ts';
import { UsageError } from './errors.ts';

/** The JSON object `--payload` holds: given inline, or `-` to read it from stdin. */
export async function readPayload(
  value: string | undefined,
  stdin: NodeJS.ReadableStream,
): Promise<Record<string, unknown> | undefined> {
  if (value === undefined) return undefined;
  const fromStdin = value === '-';
  const text = fromStdin ? await readAll(stdin) : value;
  const source = fromStdin ? 'the payload on stdin' : '--payload';
  if (text.trim() === '')
    throw new UsageError(`${source} is empty; give a JSON object, e.g. '{"to":"ada@example.com"}'`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const why = error instanceof SyntaxError ? error.message : String(error);
    throw new UsageError(`${source} is not valid JSON (${why})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new UsageError(`${source} must be a JSON object like '{"to":"ada@example.com"}'`);
  return parsed as Record<string, unknown>;
}

/** A stream read to its end, as UTF-8 (a payload or a jobs file on stdin). */
export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** A commander parser: a whole number ≥ `min`. */
export function wholeNumber(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isSafeInteger(n) || n < min)
      throw new InvalidArgumentError(`give a whole number ≥ ${min}.`);
    return n;
  };
}

/** `--timeout <s>`: seconds > 0, or 0 for no limit; to milliseconds (Infinity for none). */
export function timeoutSeconds(value: string): number {
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds < 0 || seconds > 2_000_000)
    throw new InvalidArgumentError('give seconds, e.g. 60 or 0.5 (0 waits without a limit).');
  return seconds === 0 ? Number.POSITIVE_INFINITY : Math.round(seconds * 1_000);
}

export function jobStatus(value: string): JobStatus {
  if (!isJobStatus(value)) throw new InvalidArgumentError(`a status is one of ${JOB_STATUSES.join(', ')}.`);
  return value;
}

/** `--delay <seconds>`: whole seconds from now, 0 to a year, as the API's delaySeconds takes them. */
export function delaySeconds(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isSafeInteger(n) || n < 0 || n > MAX_DELAY_SECONDS)
    throw new InvalidArgumentError(
      `give whole seconds from 0 to ${MAX_DELAY_SECONDS} (a year), e.g. 600 for ten minutes.`,
    );
  return n;
}

/** `--run-at <time>`: checked with the API's own rule, so a time it would refuse is refused here. */
export function runAtTime(value: string): string {
  if (!runAtSchema.safeParse(value).success)
    throw new InvalidArgumentError(
      'give an ISO 8601 date-time with Z or an offset, e.g. 2026-12-01T09:30:00Z or 2026-12-01T10:30:00+01:00.',
    );
  return value;
}

/** `--idempotency-key <key>`: checked with the API's own rule (1–255 printable ASCII characters). */
export function idempotencyKey(value: string): string {
  if (!idempotencyKeySchema.safeParse(value).success)
    throw new InvalidArgumentError(
      'give 1 to 255 printable ASCII characters (letters, digits, punctuation, spaces), e.g. order-42-receipt.',
    );
  return value;
}

/**
 * `--depends-on <id...>`: job ids, given as several values (`--depends-on a b`), comma-separated
 * (`--depends-on a,b`) or with the flag repeated; collected across them. Checked as the API checks
 * `dependsOn` (each id once, 1–128 characters, at most 500), so a typo is refused before anything is
 * sent; whether each job exists only the API can say.
 */
export function dependencyIds(value: string, previous: readonly string[] | undefined): string[] {
  const ids = [...(previous ?? [])];
  for (const part of value.split(',')) {
    const id = part.trim();
    if (id === '' || id.length > 128)
      throw new InvalidArgumentError('give job ids, e.g. --depends-on 3f0c… 9a1b… (or 3f0c…,9a1b…).');
    if (ids.includes(id)) throw new InvalidArgumentError(`job ${id} is named twice; name each job once.`);
    ids.push(id);
  }
  if (ids.length > MAX_DEPENDENCIES)
    throw new InvalidArgumentError(`a job depends on at most ${MAX_DEPENDENCIES} jobs.`);
  return ids;
}

/** A schedule's `<name>`: checked with the API's own rule, as it is a path segment and part of keys. */
export function scheduleName(value: string): string {
  const parsed = scheduleNameSchema.safeParse(value);
  if (!parsed.success)
    throw new InvalidArgumentError(`${parsed.error.issues[0]?.message ?? 'not a schedule name'}.`);
  return value;
}

/**
 * `--schedule <expr>`: parsed with the API's own parser, so an expression it would refuse (or one
 * that never fires again) is refused before anything is sent, in its words.
 */
export function scheduleExpression(value: string): string {
  let next: number | undefined;
  try {
    next = parseScheduleExpression(value).next(Date.now());
  } catch (error) {
    if (!(error instanceof ScheduleExpressionError)) throw error;
    throw new InvalidArgumentError(
      `${error.message.replace(/\.$/, '')}; e.g. rate(1 hour), rate(15 minutes) or cron(0 9 ? * MON-FRI *).`,
    );
  }
  if (next === undefined) throw new InvalidArgumentError(`${value} never fires again.`);
  return value;
}

/** `--timezone <tz>`: an IANA name the runtime knows, as the API checks it. */
export function timezoneName(value: string): string {
  try {
    validateTimezone(value);
  } catch (error) {
    if (!(error instanceof ScheduleExpressionError)) throw error;
    throw new InvalidArgumentError(
      'give an IANA time zone name, e.g. Europe/Paris, America/New_York or UTC.',
    );
  }
  return value;
}

/** A job's start as `--delay` and `--run-at` give it: one of them, or neither for "as soon as possible". */
export type StartFlags = { readonly delay?: number; readonly runAt?: string };

/** The API's start fields for the flags; both given is a usage error, as the API would refuse it. */
export function startOf(
  flags: StartFlags,
): { readonly delaySeconds: number } | { readonly runAt: string } | undefined {
  if (flags.delay !== undefined && flags.runAt !== undefined)
    throw new UsageError('give --delay or --run-at, not both');
  if (flags.delay !== undefined) return { delaySeconds: flags.delay };
  return flags.runAt === undefined ? undefined : { runAt: flags.runAt };
}
