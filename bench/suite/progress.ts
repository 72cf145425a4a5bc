import cliProgress from 'cli-progress';
import type { Progress } from '../scenario.ts';

/** A scenario's Progress, and the call that ends its bars before the report is printed. */
export interface SuiteProgress extends Progress {
  stop(): void;
}

/**
 * One bar per phase on `stream` when it is a terminal (stdout keeps only the report): a finished
 * phase's bar stays above the next one's. Elsewhere (CI logs, a redirected run) a plain line per
 * phase, so a log still shows where the time went.
 */
export function suiteProgress(scenario: string, stream: NodeJS.WriteStream): SuiteProgress {
  const prefix = `[${scenario}]`;
  if (stream.isTTY !== true) {
    return {
      phase: (label, total) => stream.write(`${prefix} ${label}${total > 1 ? ` (${total})` : ''}\n`),
      update: () => {},
      log: (line) => stream.write(`${prefix} ${line}\n`),
      stop: () => {},
    };
  }
  let bars: cliProgress.MultiBar | undefined;
  let bar: cliProgress.SingleBar | undefined;
  const multiBar = () => {
    bars ??= new cliProgress.MultiBar(
      {
        stream,
        format: `${prefix} {label} {bar} {value}/{total} · {duration_formatted}`,
        barsize: 24,
        hideCursor: true,
        // Redrawn for the elapsed time even while nothing moves (a drain, a runtime starting).
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
    return bars;
  };
  /** The phase is over: its bar shows it full, whatever its last update said, and its time stops. */
  const finish = () => {
    if (!bar) return;
    bar.update(bar.getTotal());
    bar.stop();
    bar = undefined;
  };
  return {
    phase(label, total) {
      finish();
      bar = multiBar().create(Math.max(total, 1), 0, { label });
    },
    update(done) {
      bar?.update(done);
    },
    log(line) {
      // MultiBar prints logged lines above its bars at the next redraw.
      multiBar().log(`${prefix} ${line}\n`);
    },
    stop() {
      finish();
      bars?.stop();
      bars = undefined;
    },
  };
}
