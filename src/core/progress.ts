import type { Clock } from './ports.ts';

/** A running job's own account of how far it got, as its handler last reported it. */
export interface JobProgress {
  /** 0–100. */
  readonly percent: number;
  readonly message?: string;
  /** When the handler reported it. */
  readonly at: string;
}

/** Reports are stored at most this often per job: a handler may report in a tight loop. */
export const PROGRESS_INTERVAL_MS = 1_000;
export const MAX_PROGRESS_MESSAGE_CHARS = 200;

/**
 * What `ctx.progress(percent, message?)` does: checks the values, then stores at most one report per
 * PROGRESS_INTERVAL_MS. A report inside the interval is kept and stored when the interval ends (only
 * the latest counts), so the last value is never lost to the throttle. `flush` stores a kept report
 * now (before the attempt's outcome is written); `stop` drops it.
 */
export class ProgressReporter {
  #lastWrite = Number.NEGATIVE_INFINITY;
  #kept: JobProgress | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly clock: Clock,
    private readonly store: (progress: JobProgress) => Promise<void>,
  ) {}

  /** @throws RangeError for a percent outside 0–100 or a message over 200 characters. */
  report(percent: number, message?: string): Promise<void> {
    if (typeof percent !== 'number' || !Number.isFinite(percent) || percent < 0 || percent > 100)
      throw new RangeError(`progress must be a number from 0 to 100; got ${String(percent)}.`);
    if (message !== undefined && (typeof message !== 'string' || message.length > MAX_PROGRESS_MESSAGE_CHARS))
      throw new RangeError(
        `A progress message is a string of at most ${MAX_PROGRESS_MESSAGE_CHARS} characters.`,
      );
    const now = this.clock.now().getTime();
    this.#kept = {
      percent: Math.round(percent * 10) / 10,
      ...(message === undefined ? {} : { message }),
      at: new Date(now).toISOString(),
    };
    const wait = this.#lastWrite + PROGRESS_INTERVAL_MS - now;
    if (wait <= 0) return this.flush();
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      void this.flush();
    }, wait);
    return this.#writing;
  }

  /** Stores the kept report, if any, after the write in flight. A failed write is dropped: progress is advice. */
  flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    const kept = this.#kept;
    if (!kept) return this.#writing;
    this.#kept = undefined;
    this.#lastWrite = this.clock.now().getTime();
    this.#writing = this.#writing.then(() => this.store(kept)).catch(() => undefined);
    return this.#writing;
  }

  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#kept = undefined;
  }
}
