import { PRIORITIES } from '../priority.ts';
import type { HistogramData, StatsSnapshot, StatusView } from '../stats.ts';
import { Histogram } from './histogram.ts';
import type { LatencyView } from './latency.ts';

/** What GET /metrics answers with: the Prometheus text exposition format. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

type Labels = Readonly<Record<string, string>>;
interface Sample {
  /** A histogram's series: `_bucket`, `_sum` or `_count` after the family name. */
  readonly suffix?: '_bucket' | '_sum' | '_count';
  readonly labels: Labels;
  readonly value: number;
}
interface Family {
  readonly name: string;
  readonly help: string;
  readonly type: 'gauge' | 'counter' | 'histogram';
  readonly samples: readonly Sample[];
}

/**
 * The latency histograms' `le` bounds, in seconds: Prometheus's default ladder, widened to the minutes
 * a job may wait or run (a Lambda worker runs up to 15). Fixed, so the series stay the same from one
 * scrape to the next whatever the log buckets behind them hold.
 */
export const LATENCY_BUCKETS_SECONDS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600,
] as const;

/**
 * The metrics a Prometheus server scrapes. The job counts, throughput, workers and latency
 * histograms are live (GET /status's view: the snapshot plus what finished since); the other
 * per-type families (`sqs_jobs_type_*`, cost) come from the latest stats snapshot. Kept in separate
 * families so no family mixes label sets, and a sum over types never double counts.
 */
export function prometheusText(
  snapshot: StatsSnapshot | null,
  status: StatusView,
  latency: LatencyView,
): string {
  const types = Object.entries(snapshot?.byType ?? {});
  const latencyTypes = Object.entries(latency.byType);
  const families: Family[] = [
    {
      name: 'sqs_jobs_jobs',
      help: 'Jobs waiting, scheduled, pending or running now.',
      type: 'gauge',
      samples: [
        { labels: { status: 'waiting' }, value: status.waiting },
        { labels: { status: 'scheduled' }, value: status.scheduled },
        { labels: { status: 'pending' }, value: status.pending },
        { labels: { status: 'running' }, value: status.running },
      ],
    },
    {
      name: 'sqs_jobs_jobs_total',
      help: 'Jobs that reached a final status (a job failed again after a retry counts again).',
      type: 'counter',
      samples: (['completed', 'failed', 'canceled'] as const).map((s) => ({
        labels: { status: s },
        value: status[s],
      })),
    },
    {
      name: 'sqs_jobs_type_jobs',
      help: 'Jobs waiting, scheduled, pending or running, per type, as of the last stats snapshot.',
      type: 'gauge',
      samples: types.flatMap(([type, t]) => [
        // A snapshot stored before scheduled jobs existed has no count for them.
        { labels: { status: 'waiting', type }, value: t.counts.waiting ?? 0 },
        { labels: { status: 'scheduled', type }, value: t.counts.scheduled ?? 0 },
        { labels: { status: 'pending', type }, value: t.counts.pending },
        { labels: { status: 'running', type }, value: t.counts.running },
      ]),
    },
    {
      name: 'sqs_jobs_type_jobs_total',
      help: 'Jobs that reached a final status, per type, as of the last stats snapshot.',
      type: 'counter',
      samples: types.flatMap(([type, t]) =>
        (['completed', 'failed', 'canceled'] as const).map((s) => ({
          labels: { status: s, type },
          value: t.counts[s],
        })),
      ),
    },
    {
      name: 'sqs_jobs_queue_messages',
      help: 'Messages in the jobs queue of each priority and in the dead-letter queue, as of the last stats snapshot.',
      type: 'gauge',
      samples: [
        // One series per priority (sum by queue for the total); a snapshot from before priorities has the total only.
        ...(status.queues
          ? PRIORITIES.flatMap((priority) =>
              depthSamples('jobs', status.queues?.[priority] ?? null, { priority }),
            )
          : depthSamples('jobs', status.queue)),
        ...depthSamples('dead-letter', status.deadLetterQueue),
      ],
    },
    {
      name: 'sqs_jobs_workers',
      help: 'Worker instances: the concurrency limit, those seen recently (alive), those running a job (busy).',
      type: 'gauge',
      samples: [
        { labels: { state: 'limit' }, value: status.workers },
        { labels: { state: 'alive' }, value: status.workersAlive },
        { labels: { state: 'busy' }, value: status.workersBusy },
      ],
    },
    {
      name: 'sqs_jobs_queue_wait_seconds',
      help: 'Submitted to started, of each attempt that finished a job (completed or failed for good).',
      type: 'histogram',
      samples: histogramSamples(latency.all.queueWaitMs, {}),
    },
    {
      name: 'sqs_jobs_run_time_seconds',
      help: 'Started to finished, of each attempt that finished a job (completed or failed for good).',
      type: 'histogram',
      samples: histogramSamples(latency.all.runTimeMs, {}),
    },
    {
      name: 'sqs_jobs_type_queue_wait_seconds',
      help: 'Submitted to started, of each attempt that finished a job, per type.',
      type: 'histogram',
      samples: latencyTypes.flatMap(([type, t]) => histogramSamples(t.queueWaitMs, { type })),
    },
    {
      name: 'sqs_jobs_type_run_time_seconds',
      help: 'Started to finished, of each attempt that finished a job, per type.',
      type: 'histogram',
      samples: latencyTypes.flatMap(([type, t]) => histogramSamples(t.runTimeMs, { type })),
    },
    {
      name: 'sqs_jobs_throughput_per_second',
      help: 'Jobs completed or failed per second over the last minute.',
      type: 'gauge',
      samples: [
        { labels: { status: 'completed' }, value: status.throughput.completedPerSecond },
        { labels: { status: 'failed' }, value: status.throughput.failedPerSecond },
      ],
    },
    {
      name: 'sqs_jobs_type_throughput_per_second',
      help: 'Jobs completed or failed per second over the last minute, per type, as of the last stats snapshot.',
      type: 'gauge',
      samples: types.flatMap(([type, t]) => [
        { labels: { status: 'completed', type }, value: t.lastMinute.completedPerSecond },
        { labels: { status: 'failed', type }, value: t.lastMinute.failedPerSecond },
      ]),
    },
    {
      name: 'sqs_jobs_cost_per_job_usd',
      help: 'Estimated AWS cost of one finished job over the last hour (requests and Lambda time, list prices).',
      type: 'gauge',
      samples: types.flatMap(([type, t]) =>
        t.costPerJobUsd === null ? [] : [{ labels: { type }, value: t.costPerJobUsd }],
      ),
    },
    {
      name: 'sqs_jobs_held_back_total',
      help: 'Times a job limit (concurrency or rate) held a job back, per type, as of the last stats snapshot.',
      type: 'counter',
      samples: Object.entries(snapshot?.heldBack?.byType ?? {}).map(([type, held]) => ({
        labels: { type },
        value: held.total,
      })),
    },
    {
      name: 'sqs_jobs_snapshot_timestamp_seconds',
      help: 'When the stats snapshot behind the per-type series was taken (Unix time).',
      type: 'gauge',
      samples: snapshot ? [{ labels: {}, value: Date.parse(snapshot.takenAt) / 1000 }] : [],
    },
  ];
  return `${families.map(render).join('\n')}\n`;
}

function depthSamples(
  queue: string,
  depth: StatusView['queue'],
  labels: Record<string, string> = {},
): Sample[] {
  if (!depth) return [];
  return [
    { labels: { queue, ...labels, state: 'visible' }, value: depth.visible },
    { labels: { queue, ...labels, state: 'in_flight' }, value: depth.inFlight },
    { labels: { queue, ...labels, state: 'delayed' }, value: depth.delayed },
  ];
}

/**
 * A histogram in milliseconds as Prometheus's cumulative `_bucket{le}` (seconds), `+Inf`, `_sum` and
 * `_count`. The log buckets fall under the fixed bounds by the value they report (see countsAtOrBelow).
 */
function histogramSamples(data: HistogramData, labels: Labels): Sample[] {
  const histogram = Histogram.from(data);
  const below = histogram.countsAtOrBelow(LATENCY_BUCKETS_SECONDS.map((le) => le * 1000));
  return [
    ...LATENCY_BUCKETS_SECONDS.map((le, i) => ({
      suffix: '_bucket' as const,
      labels: { ...labels, le: String(le) },
      value: below[i] ?? 0,
    })),
    { suffix: '_bucket', labels: { ...labels, le: '+Inf' }, value: histogram.count },
    { suffix: '_sum', labels, value: histogram.sum / 1000 },
    { suffix: '_count', labels, value: histogram.count },
  ];
}

function render(family: Family): string {
  const lines = [`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`];
  for (const sample of family.samples)
    lines.push(
      `${family.name}${sample.suffix ?? ''}${renderLabels(sample.labels)} ${formatValue(sample.value)}`,
    );
  return lines.join('\n');
}

function renderLabels(labels: Labels): string {
  const pairs = Object.entries(labels).map(([name, value]) => `${name}="${escapeLabelValue(value)}"`);
  return pairs.length ? `{${pairs.join(',')}}` : '';
}

/** Label values escape backslash, double quote and line feed. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** HELP text escapes backslash and line feed. */
function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}
