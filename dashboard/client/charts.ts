import uPlot from 'uplot';
import type { StatsPoint } from '../../src/core/stats.ts';
import {
  type ChartColumns,
  formatDuration,
  formatRate,
  type LivePoint,
  latencyColumns,
  throughputWithLive,
} from './model.ts';

const HEIGHT = 220;

interface ChartSpec {
  readonly el: HTMLElement;
  readonly series: readonly { label: string; stroke: string; dash?: number[] }[];
  readonly columns: (history: readonly StatsPoint[], live: readonly LivePoint[]) => ChartColumns;
  /** Draw across nulls: the throughput series are null only where another series has a point. */
  readonly spanGaps?: boolean;
  /** Redrawn when the live line moves, not only when the history does. */
  readonly live?: boolean;
  readonly value: (value: number) => string;
  /** The y axis reaches at least this high, so an empty or flat chart has readable ticks. */
  readonly floor: number;
}

export interface Charts {
  /** Redraws both charts in place from the stats history (oldest first). */
  update(history: readonly StatsPoint[]): void;
  /** Redraws the throughput chart with the live line's points (oldest first). */
  live(points: readonly LivePoint[]): void;
}

/**
 * Throughput and latency over time, one uPlot each, created once and fed new data on each refresh.
 * The throughput chart also draws the live line (finished/s from GET /status every 2 s), which moves
 * before the first stats snapshot and between them.
 */
export function createCharts(els: {
  throughput: HTMLElement;
  latency: HTMLElement;
  empty: HTMLElement;
}): Charts {
  const specs: ChartSpec[] = [
    {
      el: els.throughput,
      series: [
        { label: 'completed/s', stroke: '#2e7d32' },
        { label: 'failed/s', stroke: '#c62828' },
        { label: 'finished/s (live, every 2 s)', stroke: '#6a1b9a', dash: [2, 3] },
      ],
      columns: throughputWithLive,
      spanGaps: true,
      live: true,
      value: formatRate,
      floor: 1,
    },
    {
      el: els.latency,
      series: [
        { label: 'queue wait p50', stroke: '#1565c0' },
        { label: 'queue wait p95', stroke: '#1565c0', dash: [6, 4] },
        { label: 'run time p50', stroke: '#ef6c00' },
        { label: 'run time p95', stroke: '#ef6c00', dash: [6, 4] },
      ],
      columns: (history) => latencyColumns(history),
      value: formatDuration,
      floor: 100,
    },
  ];
  const plots = specs.map((spec) => {
    const plot = new uPlot(
      {
        width: widthOf(spec.el),
        height: HEIGHT,
        series: [
          {},
          ...spec.series.map((s) => ({
            label: s.label,
            stroke: s.stroke,
            width: 2,
            ...(s.dash ? { dash: s.dash } : {}),
            ...(spec.spanGaps ? { spanGaps: true } : {}),
            value: (_u: uPlot, v: number | null) => (v === null ? '–' : spec.value(v)),
          })),
        ],
        axes: [{}, { values: (_u, ticks) => ticks.map((t) => spec.value(t)), size: 70 }],
        scales: { y: { range: (_u, _min, max) => [0, Math.max(spec.floor, (max || 0) * 1.1)] } },
      },
      spec.columns([], []) as uPlot.AlignedData,
      spec.el,
    );
    return { spec, plot };
  });
  // Charts follow their container's width (window resizes, the detail panel opening).
  const resize = new ResizeObserver(() => {
    for (const { spec, plot } of plots) plot.setSize({ width: widthOf(spec.el), height: HEIGHT });
  });
  for (const { spec } of plots) resize.observe(spec.el);

  let shown = '';
  let history: readonly StatsPoint[] = [];
  let live: readonly LivePoint[] = [];
  return {
    update(next) {
      els.empty.hidden = next.length > 0;
      const key = next.map((p) => p.at).join();
      if (key === shown) return;
      shown = key;
      history = next;
      for (const { spec, plot } of plots) plot.setData(spec.columns(history, live) as uPlot.AlignedData);
    },
    live(points) {
      live = points;
      // What the canvas shows, for a reader of the page's markup (and its tests).
      els.throughput.dataset.livePoints = String(points.length);
      els.throughput.dataset.liveRate = String(points.at(-1)?.perSecond ?? '');
      for (const { spec, plot } of plots) {
        if (spec.live) plot.setData(spec.columns(history, live) as uPlot.AlignedData);
      }
    },
  };
}

function widthOf(el: HTMLElement): number {
  return Math.max(280, Math.floor(el.clientWidth || 600));
}
