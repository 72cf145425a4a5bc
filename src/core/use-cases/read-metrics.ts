import { type LatencyView, latencyView } from '../stats/latency.ts';
import type { StatsSnapshot, StatusView } from '../stats.ts';
import { liveStatus, type ReadStatusDeps } from './read-status.ts';

export interface MetricsView {
  readonly snapshot: StatsSnapshot | null;
  readonly status: StatusView;
  readonly latency: LatencyView;
}

/**
 * GET /metrics: the snapshot, read once, brought up to now as GET /status does; the latency
 * histograms get the jobs finished since it from the same read, so their counts move with the totals.
 */
export async function readMetrics(deps: ReadStatusDeps): Promise<MetricsView> {
  const snapshot = await deps.snapshots.latest();
  const { status, finishedSince } = await liveStatus(deps, snapshot);
  return { snapshot: snapshot ?? null, status, latency: latencyView(snapshot, finishedSince) };
}
