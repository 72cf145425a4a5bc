import type { JobProgress } from '../core/progress.ts';
import { isTerminal, type JobStatus } from '../core/status.ts';
import { InvalidArgumentError, WaitTimeoutError } from './errors.ts';
import { jobPath } from './job-path.ts';
import { sleep } from './sleep.ts';
import type { Transport } from './transport.ts';
import type { WaitOptions } from './types.ts';

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_INTERVAL_MS = 500;
/** setTimeout's longest delay (about 24.8 days); a longer one would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** What each poll reads: the status view, of whichever job type. */
interface PolledView {
  readonly status: JobStatus;
  readonly progress?: JobProgress;
}

/**
 * Polls the job's light status view (`GET /jobs/{id}/status`: no payload, result or history) until
 * the job is completed, failed or canceled, then reads the whole job once, telling `onProgress` of
 * each progress report the views bring. The timeout also stops a request in flight, so the promise
 * settles on time even when the API is slow to answer.
 */
export async function waitForJob<T extends { readonly status: JobStatus }, V extends PolledView = PolledView>(
  transport: Transport,
  id: string,
  options: Omit<WaitOptions, 'onProgress'> & {
    readonly onProgress?: ((progress: JobProgress, job: V) => void) | undefined;
  } = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  if (!(timeoutMs >= 0 && (timeoutMs <= MAX_TIMER_MS || timeoutMs === Number.POSITIVE_INFINITY)))
    throw new InvalidArgumentError(
      `waitFor: timeoutMs must be milliseconds from 0 to ${MAX_TIMER_MS}, or Infinity; got ${timeoutMs}.`,
    );
  if (!(intervalMs >= 0 && intervalMs <= MAX_TIMER_MS))
    throw new InvalidArgumentError(
      `waitFor: intervalMs must be milliseconds from 0 to ${MAX_TIMER_MS}; got ${intervalMs}.`,
    );
  const { onProgress } = options;
  if (onProgress !== undefined && typeof onProgress !== 'function')
    throw new InvalidArgumentError('waitFor: onProgress must be a function.');
  const path = jobPath(id);
  let lastStatus: JobStatus | undefined;
  let lastReport: JobProgress | undefined;
  const deadline = new AbortController();
  const timer =
    timeoutMs === Number.POSITIVE_INFINITY
      ? undefined
      : setTimeout(() => deadline.abort(new WaitTimeoutError(id, timeoutMs, lastStatus)), timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal;
  try {
    for (;;) {
      const view = await transport<V>({
        method: 'GET',
        path: `${path}/status`,
        signal,
        isAnswer: hasStatus,
      });
      lastStatus = view.status;
      // The terminal view carries the attempt's last report too: the worker stores it before the outcome.
      if (onProgress && view.progress && isNewReport(view.progress, lastReport)) {
        lastReport = view.progress;
        onProgress(view.progress, view);
      }
      if (isTerminal(view.status)) {
        const job = await transport<T>({ method: 'GET', path, signal, isAnswer: hasStatus });
        lastStatus = job.status;
        // A retry or redrive may have set it going again between the two reads.
        if (isTerminal(job.status)) return job;
      }
      await sleep(intervalMs, signal);
    }
  } finally {
    clearTimeout(timer);
  }
}

/** Another report than the last one seen: made at another time, or (the same instant) saying something else. */
function isNewReport(report: JobProgress, seen: JobProgress | undefined): boolean {
  return (
    seen === undefined ||
    report.at !== seen.at ||
    report.percent !== seen.percent ||
    report.message !== seen.message
  );
}

/** Else a wrong URL answering 200 would be polled until the timeout. */
function hasStatus(body: unknown): boolean {
  return typeof (body as { status?: unknown }).status === 'string';
}
