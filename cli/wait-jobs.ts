import { type FinishedJob, type WaitOptions, WaitTimeoutError } from '../src/client/index.ts';
import type { JobRegistry } from '../src/core/registry.ts';
import type { JobStatus } from '../src/core/status.ts';
import type { CliClient } from './session.ts';

export type Finished = FinishedJob<JobRegistry>;

export interface WaitJobsOptions {
  /** For all the jobs together; Infinity waits without a limit. */
  readonly timeoutMs: number;
  /** Stops waiting (Ctrl-C); the promise rejects with the signal's reason. */
  readonly signal: AbortSignal;
  readonly intervalMs?: number;
  /** Jobs watched at once; the others wait their turn (a finished job costs two requests). */
  readonly concurrency?: number;
  readonly onFinished?: (job: Finished) => void;
  /** Each job's new progress reports, as the client's waitFor hears them. */
  readonly onProgress?: WaitOptions<JobRegistry>['onProgress'];
}

export interface WaitJobsOutcome {
  /** In the order of the ids given. */
  readonly finished: readonly Finished[];
  /** Ids still not finished at the deadline, with the status last seen. */
  readonly unfinished: readonly { readonly id: string; readonly lastStatus: JobStatus | undefined }[];
}

const DEFAULT_CONCURRENCY = 8;
const DEFAULT_INTERVAL_MS = 500;

/**
 * Waits for every job with the client's waitFor, a few at a time, until all finished or the
 * deadline passed. Any other failure (the API refused, the network) ends the whole wait.
 */
export async function waitForJobs(
  client: CliClient,
  ids: readonly string[],
  options: WaitJobsOptions,
): Promise<WaitJobsOutcome> {
  const deadline = Date.now() + options.timeoutMs;
  const results = new Map<string, Finished>();
  const unfinished: { id: string; lastStatus: JobStatus | undefined }[] = [];
  // One failure stops the others' polling at once.
  const stopOthers = new AbortController();
  const signal = AbortSignal.any([options.signal, stopOthers.signal]);
  let next = 0;
  const watch = async (): Promise<void> => {
    while (next < ids.length) {
      const id = ids[next++] as string;
      const left = deadline - Date.now();
      if (left <= 0) {
        unfinished.push({ id, lastStatus: undefined });
        continue;
      }
      try {
        const job = await client.waitFor(id, {
          timeoutMs: left,
          intervalMs: options.intervalMs ?? DEFAULT_INTERVAL_MS,
          signal,
          ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        });
        results.set(id, job);
        options.onFinished?.(job);
      } catch (error) {
        if (error instanceof WaitTimeoutError) {
          unfinished.push({ id, lastStatus: error.lastStatus });
          continue;
        }
        stopOthers.abort(error);
        throw error;
      }
    }
  };
  const watchers = Array.from(
    { length: Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, ids.length) },
    watch,
  );
  const settled = await Promise.allSettled(watchers);
  // The user's Ctrl-C first, then the failure that stopped the others (not the aborts it caused).
  if (options.signal.aborted) throw options.signal.reason;
  if (stopOthers.signal.aborted) throw stopOthers.signal.reason;
  const failed = settled.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
  const order = new Map(ids.map((id, index) => [id, index]));
  return {
    finished: ids.flatMap((id) => {
      const job = results.get(id);
      return job ? [job] : [];
    }),
    unfinished: unfinished.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0)),
  };
}
