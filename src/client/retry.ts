import type { SqsJobsApiError } from './errors.ts';

/** Retries of one call after a 429 or a safe 503, unless `createClient`'s `maxRetries` says otherwise. */
export const DEFAULT_MAX_RETRIES = 3;
/** The longest wait between two tries, whatever `Retry-After` asks. */
export const MAX_RETRY_DELAY_MS = 30_000;
/** The first backoff step when the answer gave no `Retry-After`; it doubles with each retry. */
const BACKOFF_BASE_MS = 250;

/**
 * Whether a failed call may be sent again unchanged. A 429 was refused before anything happened
 * (the gateway's throttle, the API's backpressure), except a used-up daily quota, which a retry
 * cannot help. A 503 is safe for reads, and for a submission: the API rolled the job back. Nothing
 * else is retried — a 503 from `retry` leaves the job pending, and a network failure may have
 * reached the API.
 */
export function isRetryable(method: string, path: string, error: SqsJobsApiError): boolean {
  if (error.status === 429) return error.code !== 'QuotaExceeded';
  if (error.status !== 503) return false;
  return method === 'GET' || (method === 'POST' && path === '/jobs' && error.code === 'EnqueueFailed');
}

/**
 * How long to wait before retry number `retry` (0 for the first): what `Retry-After` says (seconds
 * or an HTTP date), else exponential backoff with full jitter; never more than MAX_RETRY_DELAY_MS.
 */
export function retryDelayMs(
  retryAfter: string | null,
  retry: number,
  now: number = Date.now(),
  random: () => number = Math.random,
): number {
  const asked = retryAfterMs(retryAfter, now);
  if (asked !== undefined) return Math.min(asked, MAX_RETRY_DELAY_MS);
  return Math.round(random() * Math.min(MAX_RETRY_DELAY_MS, BACKOFF_BASE_MS * 2 ** retry));
}

function retryAfterMs(value: string | null, now: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
