import type { LocalRuntime, QueueDepth } from '../runtime-types.ts';
import { type ListingOptions, startupListing } from './startup-listing.ts';
import { statusLine } from './status-line.ts';
import type { Terminal } from './terminal.ts';

/** The startup listing, then the live status line: every second on a TTY, every 10 s otherwise. */
export function startSummary(
  runtime: LocalRuntime,
  terminal: Terminal,
  options: ListingOptions,
): { stop(): void } {
  for (const line of startupListing(runtime, options)) terminal.log(line);
  let depths: QueueDepth[] | undefined;
  let refreshing = false;
  const refresh = () => {
    terminal.status(statusLine(runtime, depths));
    if (refreshing) return;
    // Queue depths arrive for the next tick; the line never waits on the emulator.
    refreshing = true;
    runtime
      .queueDepths()
      .then((latest) => {
        depths = latest;
      })
      .catch(() => {})
      .finally(() => {
        refreshing = false;
      });
  };
  refresh();
  const ticker = setInterval(refresh, terminal.interactive ? 1_000 : 10_000);
  return {
    stop() {
      clearInterval(ticker);
      terminal.finish();
    },
  };
}
