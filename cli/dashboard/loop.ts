import { setTimeout as sleep } from 'node:timers/promises';
import { NO_SNAPSHOT_FIGURES, type SnapshotFigures, type StatusClient } from './client.ts';
import { DashboardError } from './errors.ts';
import { type DashboardFrame, type Reading, renderDashboard } from './render.ts';
import { printable } from './sanitize.ts';
import type { Screen } from './screen.ts';

export type DashboardApi = Pick<StatusClient, 'readStatus' | 'readSnapshot'>;

/**
 * A reader for one refresh: GET /status every time, GET /stats only when the status names a new
 * stats snapshot (at most once a minute), since latencies and holds change only then and every
 * request on AWS is paid for. /stats is optional: an API without it, or failing it, just shows no
 * latency or held-back line.
 */
export function createReader(
  api: DashboardApi,
  now: () => Date = () => new Date(),
): (signal: AbortSignal) => Promise<Reading> {
  let figures: SnapshotFigures = NO_SNAPSHOT_FIGURES;
  let figuresFor: string | null = null;
  return async (signal) => {
    const status = await api.readStatus(signal);
    if (status.snapshotAt !== figuresFor) {
      figuresFor = status.snapshotAt;
      figures =
        status.snapshotAt === null
          ? NO_SNAPSHOT_FIGURES
          : await api.readSnapshot(signal).catch(() => NO_SNAPSHOT_FIGURES);
    }
    return { status, ...figures, at: now() };
  };
}

/** One line for the screen: our own errors already read well; anything else is named as unexpected. */
export function describeProblem(error: unknown): string {
  if (error instanceof DashboardError) return error.message;
  return `unexpected error: ${printable(error instanceof Error ? error.message : String(error))}`;
}

export interface DashboardLoopOptions {
  readonly api: DashboardApi;
  readonly screen: Screen;
  /** As shown in the header. */
  readonly url: string;
  readonly intervalMs: number;
  readonly now?: () => Date;
}

/**
 * Refreshes until the signal aborts. The next request starts one interval after the previous one
 * started (at once if it took longer), never while one is in flight, so a slow API is not piled on.
 * A failed refresh replaces the numbers with the problem and the loop carries on.
 */
export class DashboardLoop {
  private frame: DashboardFrame;
  private readonly now: () => Date;

  constructor(private readonly options: DashboardLoopOptions) {
    this.now = options.now ?? (() => new Date());
    this.frame = {
      url: options.url,
      intervalSeconds: options.intervalMs / 1_000,
      reading: null,
      problem: null,
    };
  }

  /** Draws the current frame again (the terminal was resized, or ages should tick on). */
  redraw(): void {
    this.options.screen.draw(this.lines(this.frame));
  }

  /** The frame as it should stay on screen after quitting: without the refresh hint. */
  finalLines(): string[] {
    return this.lines({ ...this.frame, intervalSeconds: null });
  }

  async run(signal: AbortSignal): Promise<void> {
    const read = createReader(this.options.api, this.now);
    while (!signal.aborted) {
      const started = Date.now();
      try {
        this.frame = { ...this.frame, reading: await read(signal), problem: null };
      } catch (error) {
        if (signal.aborted) break;
        this.frame = { ...this.frame, problem: describeProblem(error) };
      }
      this.redraw();
      await sleep(Math.max(0, this.options.intervalMs - (Date.now() - started)), undefined, { signal }).catch(
        () => {},
      );
    }
  }

  private lines(frame: DashboardFrame): string[] {
    return renderDashboard(frame, this.now(), this.options.screen.width());
  }
}
