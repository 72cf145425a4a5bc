/**
 * The CLI's own checks of what was typed, before anything is sent: what only the API can judge (a
 * payload's fields, the stack's attempt cap) is left to the API, whose answer names the field.
 */
import { InvalidArgumentError } from 'commander';
import { isJobStatus, JOB_STATUSES, type JobStatus } from '../src/core/status.ts';
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
