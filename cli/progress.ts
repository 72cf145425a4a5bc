import cliProgress from 'cli-progress';
import type { JobStatus } from '../src/core/status.ts';

/** How far a batch of jobs got; drawn as a bar on a terminal, silent elsewhere. */
export interface Progress {
  /** A job reached a final status. */
  finished(status: JobStatus): void;
  /** Removes nothing: the last bar stays on screen, on its own line. Idempotent. */
  stop(): void;
}

const SILENT: Progress = { finished: () => {}, stop: () => {} };

/**
 * A progress bar on `stream` (stderr: stdout keeps only the answer) when it is a terminal and the
 * output is for people; nothing at all when piped, redirected or with --json.
 */
export function waitProgress(total: number, stream: NodeJS.WriteStream, enabled: boolean): Progress {
  if (!enabled || stream.isTTY !== true || total < 1) return SILENT;
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
    stop() {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
}
