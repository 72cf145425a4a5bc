import type { LatencyTotals, StatsSnapshot } from '../stats.ts';
import { Histogram } from './histogram.ts';
import type { WindowRecord } from './window.ts';

/** Latency now: the snapshot's totals plus the jobs finished since, all types and per type. */
export interface LatencyView {
  readonly all: LatencyTotals;
  readonly byType: Readonly<Record<string, LatencyTotals>>;
}

/** A total plus what more windows (or one window's types) add; histograms merge by adding counts. */
export function addLatency(
  total: LatencyTotals | undefined,
  ...parts: readonly (LatencyTotals | undefined)[]
): LatencyTotals {
  const queueWait = Histogram.from(total?.queueWaitMs);
  const runTime = Histogram.from(total?.runTimeMs);
  for (const part of parts) {
    queueWait.merge(part?.queueWaitMs);
    runTime.merge(part?.runTimeMs);
  }
  return { queueWaitMs: queueWait.toData(), runTimeMs: runTime.toData() };
}

/**
 * The snapshot's latency totals brought up to now with the window of jobs finished since its
 * coveredUntil, as GET /status does for the counts. Every type the snapshot knows is there, even
 * with nothing finished yet, so a scrape's series stay the same from one scrape to the next.
 */
export function latencyView(snapshot: StatsSnapshot | undefined, since: WindowRecord): LatencyView {
  const types = [...new Set([...Object.keys(snapshot?.byType ?? {}), ...Object.keys(since.byType)])].sort();
  return {
    all: addLatency(snapshot?.latency, ...Object.values(since.byType)),
    byType: Object.fromEntries(
      types.map((type) => [type, addLatency(snapshot?.byType[type]?.latency, since.byType[type])]),
    ),
  };
}
