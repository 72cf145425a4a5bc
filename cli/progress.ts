import cliProgress from 'cli-progress';
import type { JobProgress } from '../src/client/index.ts';
import type { JobStatus } from '../src/core/status.ts';
import { printable } from './dashboard/sanitize.ts';
import { progressText } from './render.ts';

/** How far a wait got; drawn on a terminal, silent elsewhere. */
export interface Progress {
  /** A job reached a final status. */
  finished(status: JobStatus): void;
  /** A job reported how far it got (its handler's ctx.progress), in the status given. */
  reported(progress: JobProgress, status: JobStatus): void;
  /** Removes nothing: the last bar stays on screen, on its own line. Idempotent. */
  stop(): void;
}

const SILENT: Progress = { finished: () => {}, reported: () => {}, stop: () => {} };

/** On stderr (stdout keeps only the answer), for people at a terminal; never piped, redirected or with --json. */
function drawn(stream: NodeJS.WriteStream, enabled: boolean): boolean {
  return enabled && stream.isTTY === true;
}

/**
 * A bar of how many of a batch of jobs finished, by status, and the time spent, on `stream` when
 * it is a terminal and the output is for people; nothing at all otherwise.
 */
export function waitProgress(total: number, stream: NodeJS.WriteStream, enabled: boolean): Progress {
  if (!drawn(stream, enabled) || total < 1) return SILENT;
  const counts = { completed: 0, failed: 0, canceled: 0 };
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format:
        'Waiting {bar} {value}/{total} finished · {completed} completed, {failed} failed, {canceled} canceled · {duration_formatted}',
      barsize: 24,
      hideCursor: true,
      // The bar redraws for the elapsed time even when no job finishes.
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, counts);
  let stopped = false;
  return {
    finished(status) {
      if (status === 'completed' || status === 'failed' || status === 'canceled') counts[status] += 1;
      bar.increment(1, counts);
    },
    reported: () => {},
    stop() {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
}

/**
 * One job's own progress while waiting for it (`running 40% — slept 4000 of 10000 ms` after a bar),
 * redrawn at each new report, on `stream` when it is a terminal and the output is for people. Drawn
 * from the first report on: a job that reports none shows nothing, as before progress existed.
 */
export function jobProgress(stream: NodeJS.WriteStream, enabled: boolean): Progress {
  if (!drawn(stream, enabled)) return SILENT;
  const bar = new cliProgress.SingleBar(
    { stream, format: '{bar} {status} {progress}', barsize: 24, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let stopped = false;
  return {
    finished: () => {},
    reported(report, status) {
      if (stopped) return;
      // The handler's message is untrusted text: one printable line, no escape sequences.
      const shown = { status, progress: printable(progressText(report)) };
      const value = Math.min(100, Math.max(0, report.percent));
      if (started) bar.update(value, shown);
      else bar.start(100, value, shown);
      started = true;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      if (started) bar.stop();
    },
  };
}
