import { ValidationError } from './errors.ts';
import type { JsonObject } from './json.ts';

/**
 * Flow control per job type: how many of its jobs may run at once, and, per key taken from the
 * payload (a tenant, a recipient domain), how many may run at once and how many may start each
 * second. A job the limits hold back is not failed and not charged an attempt: the worker leaves it
 * `pending`, records why on the job (`heldBack`) and sends its message again a little later.
 */
export interface KeyLimits<P = JsonObject> {
  /**
   * The job's key, from its payload (e.g. `(p) => p.tenantId`). Jobs with the same key share the
   * limits below. Undefined or '' means no key: the job is limited by the type's `concurrency` only.
   */
  key(payload: P): string | undefined;
  /** At most this many jobs of one key running at once (1–1000). */
  readonly concurrency?: number;
  /** At most this many jobs of one key started per second (1–1000). */
  readonly ratePerSecond?: number;
}

/** Why a job was held back: which limit was full. */
export const HOLD_REASONS = ['concurrency', 'keyConcurrency', 'keyRate'] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

/** On a held-back job, until it starts: why it waits, since when, and how often it was held back. */
export interface HeldBack {
  readonly reason: HoldReason;
  /** For people: which limit, e.g. "2 resize jobs are running (concurrency 2)". */
  readonly message: string;
  /** The first hold of this wait. */
  readonly since: string;
  /** When its message comes back to try again. */
  readonly until: string;
  /** Holds so far in this wait. */
  readonly times: number;
}

/** A key's longest form: it names a DynamoDB item and an SQS message group. */
export const MAX_LIMIT_KEY_LENGTH = 256;
export const MAX_LIMIT = 1_000;

/** One limit a job must pass before it starts. */
export type LimitCheck =
  | {
      readonly kind: 'slots';
      readonly reason: 'concurrency' | 'keyConcurrency';
      readonly name: string;
      readonly max: number;
    }
  | { readonly kind: 'rate'; readonly reason: 'keyRate'; readonly name: string; readonly max: number };

/** The limits a job type declares. */
export interface TypeLimits {
  readonly concurrency?: number;
  readonly keyLimits?: KeyLimits<never>;
}

/**
 * The job's key under its type's policy, computed once at submission (the worker must check limits
 * before it reads the record, so the key travels in the message). A key function that throws or
 * returns something other than a string is a bad request.
 */
export function limitKeyOf(
  limits: TypeLimits | undefined,
  type: string,
  payload: JsonObject,
): string | undefined {
  const policy = limits?.keyLimits as KeyLimits | undefined;
  if (!policy) return undefined;
  let key: unknown;
  try {
    key = policy.key(payload);
  } catch (error) {
    throw new ValidationError(
      `The "${type}" job type's limit key could not be read from this payload: ${error instanceof Error ? error.message : String(error)}`,
      { field: 'limitKey' },
    );
  }
  if (key === undefined || key === null || key === '') return undefined;
  if (typeof key !== 'string' || key.length > MAX_LIMIT_KEY_LENGTH)
    throw new ValidationError(
      `The "${type}" job type's limit key must be a string of at most ${MAX_LIMIT_KEY_LENGTH} characters; this payload gives ${typeof key === 'string' ? `${key.length} characters` : typeof key}.`,
      { field: 'limitKey' },
    );
  return key;
}

/** What a job of `type` with `limitKey` must pass, in the order they are taken. */
export function limitChecks(
  limits: TypeLimits | undefined,
  type: string,
  limitKey: string | undefined,
): LimitCheck[] {
  const checks: LimitCheck[] = [];
  if (!limits) return checks;
  if (limits.concurrency !== undefined)
    checks.push({ kind: 'slots', reason: 'concurrency', name: `type:${type}`, max: limits.concurrency });
  const policy = limits.keyLimits;
  if (policy && limitKey !== undefined) {
    if (policy.concurrency !== undefined)
      checks.push({
        kind: 'slots',
        reason: 'keyConcurrency',
        name: `key:${type}:${limitKey}`,
        max: policy.concurrency,
      });
    if (policy.ratePerSecond !== undefined)
      checks.push({
        kind: 'rate',
        reason: 'keyRate',
        name: `rate:${type}:${limitKey}`,
        max: policy.ratePerSecond,
      });
  }
  return checks;
}

/** The words a held-back job shows for the limit that held it. */
export function holdMessage(check: LimitCheck, type: string, limitKey: string | undefined): string {
  switch (check.reason) {
    case 'concurrency':
      return `${check.max} ${type} job${check.max === 1 ? ' is' : 's are'} running (concurrency ${check.max})`;
    case 'keyConcurrency':
      return `${check.max} ${type} job${check.max === 1 ? '' : 's'} of key "${limitKey}" ${check.max === 1 ? 'is' : 'are'} running (key concurrency ${check.max})`;
    case 'keyRate':
      return `${check.max} ${type} job${check.max === 1 ? '' : 's'} of key "${limitKey}" started this second (rate ${check.max}/s)`;
  }
}

/** The longest a held-back job waits before it tries again. */
export const MAX_HOLD_SECONDS = 10;

/**
 * Seconds until a held-back job tries again (SQS delays in whole seconds). A rate frees up at the
 * next second, so 1 s, or 2 for one in two so the retries spread. A full concurrency waits 1–2 s at
 * first and longer the more often it was held (to at most MAX_HOLD_SECONDS), so a long backlog
 * behind a low limit does not spin.
 */
export function holdSeconds(reason: HoldReason, times: number, random: () => number = Math.random): number {
  const jitter = random() < 0.5 ? 0 : 1;
  if (reason === 'keyRate') return 1 + jitter;
  return Math.min(MAX_HOLD_SECONDS, 1 + Math.floor(times / 3) + jitter);
}

/** The problems of a definition's limits, as defineJob reports them. */
export function limitProblems(limits: {
  readonly concurrency?: unknown;
  readonly keyLimits?: unknown;
}): string[] {
  const problems: string[] = [];
  const whole = (value: unknown) =>
    Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_LIMIT;
  if (limits.concurrency !== undefined && !whole(limits.concurrency))
    problems.push(`concurrency must be a whole number from 1 to ${MAX_LIMIT}`);
  const policy = limits.keyLimits as Partial<KeyLimits> | undefined;
  if (policy === undefined) return problems;
  if (typeof policy !== 'object' || policy === null || typeof policy.key !== 'function') {
    problems.push('keyLimits must be { key: (payload) => string, concurrency?, ratePerSecond? }');
    return problems;
  }
  if (policy.concurrency === undefined && policy.ratePerSecond === undefined)
    problems.push('keyLimits needs concurrency, ratePerSecond or both');
  if (policy.concurrency !== undefined && !whole(policy.concurrency))
    problems.push(`keyLimits.concurrency must be a whole number from 1 to ${MAX_LIMIT}`);
  if (policy.ratePerSecond !== undefined && !whole(policy.ratePerSecond))
    problems.push(`keyLimits.ratePerSecond must be a whole number from 1 to ${MAX_LIMIT}`);
  return problems;
}
