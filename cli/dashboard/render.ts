import { type PerPriority, PRIORITIES } from '../../src/core/priority.ts';
import type { FailureRecord, HeldBackStats, QueueDepth, StatusView } from '../../src/core/stats.ts';
import type { SnapshotFigures } from './client.ts';
import {
  clip,
  formatAge,
  formatClock,
  formatCount,
  formatDuration,
  formatRate,
  plural,
  textWidth,
  wrap,
} from './format.ts';
import { printable } from './sanitize.ts';

/**
 * One successful refresh: GET /status, and from GET /stats the latencies and holds (null when the
 * API has none to give: no snapshot, no /stats route, or a snapshot from before job limits).
 */
export interface Reading extends SnapshotFigures {
  readonly status: StatusView;
  readonly at: Date;
}

/** Everything one screen shows. */
export interface DashboardFrame {
  /** The API, as shown in the header (no credentials, no query). */
  readonly url: string;
  /** Seconds between refreshes; null for a one-off snapshot (--once), which has no footer hint. */
  readonly intervalSeconds: number | null;
  /** The last successful refresh, if any. */
  readonly reading: Reading | null;
  /** Why the last refresh failed; null when it succeeded (or none finished yet). */
  readonly problem: string | null;
}

/**
 * The screen as lines, none wider than `width`: the seed's four lines first, then the details, then
 * when it was refreshed. Pure (the clock is a parameter) so tests can pin every line.
 */
export function renderDashboard(frame: DashboardFrame, now: Date, width: number): string[] {
  const lines = [`sqs-jobs · ${printable(frame.url)}`, ''];
  if (frame.problem !== null) {
    lines.push(...wrap(`Problem: ${printable(frame.problem)}`, width));
    lines.push(
      frame.reading
        ? `Last good refresh: ${formatClock(frame.reading.at)} (${formatAge(now.getTime() - frame.reading.at.getTime())})`
        : 'No answer yet.',
    );
  } else if (frame.reading) {
    lines.push(...statusLines(frame.reading, now, width));
  } else {
    lines.push('Waiting for the first answer…');
  }
  const foot = footer(frame);
  if (foot) lines.push('', foot);
  return lines.map((line) => clip(line, width));
}

function statusLines({ status, latency, heldBack }: Reading, now: Date, width: number): string[] {
  const lines = [
    `Workers: ${formatCount(status.workersAlive)}/${formatCount(status.workers)} alive`,
    `Queue: ${formatCount(status.pending)} pending, ${formatCount(status.running)} running, ${formatCount(status.completed)} completed, ${formatCount(status.failed)} failed`,
    `Throughput: ${formatRate(status.throughput.completedPerSecond)} jobs/sec`,
    ...lastFailureLines(status.lastFailure, now, width),
    '',
    `Waiting: ${formatCount(status.waiting)} · Scheduled: ${formatCount(status.scheduled)} · Canceled: ${formatCount(status.canceled)} · Workers busy: ${formatCount(status.workersBusy)} · Failing: ${formatRate(status.throughput.failedPerSecond)} jobs/sec (last ${formatCount(status.throughput.windowSeconds)}s)`,
    ...queueLines(status, now),
  ];
  if (latency && (latency.queueWaitP95Ms !== null || latency.runTimeP95Ms !== null)) {
    lines.push(
      `Latency p95 (last minute): queue wait ${optionalDuration(latency.queueWaitP95Ms)}, run time ${optionalDuration(latency.runTimeP95Ms)}`,
    );
  }
  lines.push(...heldBackLines(heldBack));
  return lines;
}

/**
 * "Held back: 15 in the last hour (resize 12, email 3)": how often job limits made jobs wait, the
 * types held most first. Nothing when no job was held back in the hour, or the API does not count holds.
 */
function heldBackLines(heldBack: HeldBackStats | null): string[] {
  if (!heldBack || heldBack.lastHour <= 0) return [];
  const types = Object.entries(heldBack.byType)
    .filter(([, holds]) => holds.lastHour > 0)
    .sort(([a, x], [b, y]) => y.lastHour - x.lastHour || a.localeCompare(b))
    .map(([type, holds]) => `${printable(type)} ${formatCount(holds.lastHour)}`);
  const byType = types.length > 0 ? ` (${types.join(', ')})` : '';
  return [`Held back: ${formatCount(heldBack.lastHour)} in the last hour${byType}`];
}

function lastFailureLines(failure: FailureRecord | null, now: Date, width: number): string[] {
  if (!failure) return ['Last failure: none'];
  const name = printable(failure.error.name);
  const message = printable(failure.error.message);
  const text = name && message ? `${name}: ${message}` : name || message || '(no message)';
  const age = formatAge(now.getTime() - Date.parse(failure.at));
  const head = 'Last failure: "';
  const tail = `" (${age}, ${failure.retried ? 'auto-retried' : 'not retried'})`;
  // The message is cut rather than the line, so when and whether it was retried stay in view.
  const room = width - textWidth(head) - textWidth(tail);
  return [
    `${head}${room >= 8 ? clip(text, room) : text}${tail}`,
    `  ${printable(failure.type)} job ${printable(failure.id)}, attempt ${formatCount(failure.attempt)}`,
  ];
}

function queueLines(status: StatusView, now: Date): string[] {
  const { queue, queues, deadLetterQueue, snapshotAt } = status;
  if (!queue || !deadLetterQueue) return ['SQS queue and dead-letter queue: no stats snapshot yet'];
  const asOf = snapshotAt ? ` (stats ${formatAge(now.getTime() - Date.parse(snapshotAt))})` : '';
  const dead = deadLetterQueue.visible + deadLetterQueue.inFlight + deadLetterQueue.delayed;
  return [
    // Without each priority's queue (a snapshot or an API from before priorities), the total alone.
    queues ? `SQS queues: ${depthText(queue)}${asOf}` : `SQS queue: ${depthText(queue)}${asOf}`,
    ...(queues ? priorityLines(queues) : []),
    `Dead-letter queue: ${plural(dead, 'message')}${dead > 0 ? ' (redrive: POST /dlq/redrive)' : ''}`,
  ];
}

type DepthKey = keyof QueueDepth;

/** One line per priority under the total, names and counts aligned so each column reads down. */
function priorityLines(queues: PerPriority<QueueDepth>): string[] {
  const widest = (key: DepthKey) => Math.max(...PRIORITIES.map((p) => formatCount(queues[p][key]).length));
  const widths = { visible: widest('visible'), inFlight: widest('inFlight'), delayed: widest('delayed') };
  const name = Math.max(...PRIORITIES.map((p) => p.length));
  return PRIORITIES.map((p) => `  ${p.padEnd(name)}  ${depthText(queues[p], widths)}`);
}

function depthText(depth: QueueDepth, widths?: Record<DepthKey, number>): string {
  const count = (key: DepthKey) => formatCount(depth[key]).padStart(widths?.[key] ?? 0);
  return `${count('visible')} visible, ${count('inFlight')} in flight, ${count('delayed')} delayed`;
}

function footer({ reading, problem, intervalSeconds }: DashboardFrame): string {
  if (intervalSeconds === null) return reading ? `Refreshed ${formatClock(reading.at)}` : '';
  const every = `every ${intervalSeconds}s · Ctrl-C to quit`;
  if (problem !== null) return `Retrying ${every}`;
  if (!reading) return `Refreshing ${every}`;
  return `Refreshed ${formatClock(reading.at)} · ${every}`;
}

function optionalDuration(ms: number | null): string {
  return ms === null ? 'n/a' : formatDuration(ms);
}
