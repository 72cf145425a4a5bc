import { describe, expect, it } from 'vitest';
import { type DashboardFrame, renderDashboard } from '../../../cli/dashboard/render.ts';
import type { FailureRecord, StatusView } from '../../../src/core/stats.ts';
import { aHeldBackStats, aStatusView } from '../../helpers/stats.ts';

// Built from local components so the HH:MM:SS footer reads the same in every time zone.
const NOW = new Date(2026, 0, 2, 12, 0, 5);
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();

const failure: FailureRecord = {
  id: 'job-1',
  type: 'email',
  error: { name: 'Error', message: 'SMTP timeout' },
  at: ago(2_000),
  attempt: 2,
  retried: true,
};

/** The seed's example numbers. */
function status(overrides: Partial<StatusView> = {}): StatusView {
  return aStatusView({
    canceled: 2,
    deadLetterQueue: { visible: 1, inFlight: 0, delayed: 0 },
    throughput: { completedPerSecond: 14.2, failedPerSecond: 0.5, windowSeconds: 60 },
    lastFailure: failure,
    snapshotAt: ago(40_000),
    ...overrides,
  });
}

function frame(overrides: Partial<DashboardFrame> = {}): DashboardFrame {
  return {
    url: 'http://127.0.0.1:8080/',
    intervalSeconds: 1,
    reading: { status: status(), latency: null, heldBack: null, at: new Date(NOW.getTime() - 2_000) },
    problem: null,
    ...overrides,
  };
}

const render = (f: DashboardFrame, width = 100) => renderDashboard(f, NOW, width);
const lineStarting = (lines: string[], prefix: string) => lines.find((line) => line.startsWith(prefix));

describe('terminal dashboard screen', () => {
  it("shows the seed's four lines, then the details and when it was refreshed", () => {
    expect(render(frame())).toEqual([
      'sqs-jobs · http://127.0.0.1:8080/',
      '',
      'Workers: 4/4 alive',
      'Queue: 5 pending, 3 running, 42 completed, 1 failed',
      'Throughput: 14 jobs/sec',
      'Last failure: "Error: SMTP timeout" (2s ago, auto-retried)',
      '  email job job-1, attempt 2',
      '',
      'Waiting: 0 · Scheduled: 0 · Canceled: 2 · Workers busy: 3 · Failing: 0.5 jobs/sec (last 60s)',
      'SQS queues: 5 visible, 3 in flight, 0 delayed (stats 40s ago)',
      '  high     1 visible, 1 in flight, 0 delayed',
      '  default  4 visible, 2 in flight, 0 delayed',
      '  low      0 visible, 0 in flight, 0 delayed',
      'Dead-letter queue: 1 message (redrive: POST /dlq/redrive)',
      '',
      'Refreshed 12:00:03 · every 1s · Ctrl-C to quit',
    ]);
  });

  it("lines up each priority's queue under the total, however wide the counts", () => {
    const queues = {
      high: { visible: 0, inFlight: 12, delayed: 0 },
      default: { visible: 12_345, inFlight: 40, delayed: 3 },
      low: { visible: 987, inFlight: 0, delayed: 1_200 },
    };
    const queue = { visible: 13_332, inFlight: 52, delayed: 1_203 };
    const lines = render(frame({ reading: reading({ queue, queues }) }));
    const from = lines.findIndex((line) => line.startsWith('SQS queues'));
    expect(lines.slice(from, from + 4)).toEqual([
      'SQS queues: 13,332 visible, 52 in flight, 1,203 delayed (stats 40s ago)',
      '  high          0 visible, 12 in flight,     0 delayed',
      '  default  12,345 visible, 40 in flight,     3 delayed',
      '  low         987 visible,  0 in flight, 1,200 delayed',
    ]);
  });

  it('shows the total queue alone when the API has no per-priority queues (a snapshot or an API from before priorities)', () => {
    const lines = render(frame({ reading: reading({ queues: null }) }));
    const at = lines.indexOf('SQS queue: 5 visible, 3 in flight, 0 delayed (stats 40s ago)');
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toBe('Dead-letter queue: 1 message (redrive: POST /dlq/redrive)');
  });

  it('says when nothing has failed, and when a failure was not retried', () => {
    expect(lineStarting(render(frame({ reading: reading({ lastFailure: null }) })), 'Last failure')).toBe(
      'Last failure: none',
    );
    const final = reading({ lastFailure: { ...failure, retried: false, at: ago(3 * 60_000 + 5_000) } });
    expect(lineStarting(render(frame({ reading: final })), 'Last failure')).toBe(
      'Last failure: "Error: SMTP timeout" (3m ago, not retried)',
    );
  });

  it.each([
    [0, 'just now'],
    [999, 'just now'],
    [2_000, '2s ago'],
    [59_999, '59s ago'],
    [60_000, '1m ago'],
    [3 * 60_000, '3m ago'],
    [3_600_000, '1h ago'],
    [5 * 3_600_000 + 59 * 60_000, '5h ago'],
    [2 * 86_400_000, '2d ago'],
    // A server clock a little ahead of this one must not print "-1s ago".
    [-1_500, 'just now'],
  ])('writes a failure %i ms old as "%s"', (ms, age) => {
    const line = lineStarting(
      render(frame({ reading: reading({ lastFailure: { ...failure, at: ago(ms) } }) })),
      'Last',
    );
    expect(line).toBe(`Last failure: "Error: SMTP timeout" (${age}, auto-retried)`);
  });

  it.each([
    [14.2, '14'],
    [14.5, '15'],
    [1_234.4, '1,234'],
    [2.46, '2.5'],
    [0.5, '0.5'],
    [1 / 60, '0.017'],
    [0, '0'],
  ])('rounds a throughput of %d jobs/sec to "%s"', (perSecond, shown) => {
    const throughput = { completedPerSecond: perSecond, failedPerSecond: 0, windowSeconds: 60 };
    expect(lineStarting(render(frame({ reading: reading({ throughput }) })), 'Throughput')).toBe(
      `Throughput: ${shown} jobs/sec`,
    );
  });

  it('counts the jobs waiting for their dependencies next to the scheduled ones', () => {
    const lines = render(frame({ reading: reading({ waiting: 1_234, scheduled: 7 }) }));
    expect(lineStarting(lines, 'Waiting:')).toBe(
      'Waiting: 1,234 · Scheduled: 7 · Canceled: 2 · Workers busy: 3 · Failing: 0.5 jobs/sec (last 60s)',
    );
  });

  it('groups large counts', () => {
    const lines = render(
      frame({ reading: reading({ completed: 1_234_567, workers: 1_000, workersAlive: 12 }) }),
    );
    expect(lines).toContain('Queue: 5 pending, 3 running, 1,234,567 completed, 1 failed');
    expect(lines).toContain('Workers: 12/1,000 alive');
  });

  it('cuts a long error message to the width but keeps its age and retry state in view', () => {
    const long = { ...failure, error: { name: 'Error', message: 'x'.repeat(500) } };
    const line = lineStarting(render(frame({ reading: reading({ lastFailure: long }) }), 60), 'Last')!;
    expect(line).toHaveLength(60);
    expect(line).toMatch(/^Last failure: "Error: x+…" \(2s ago, auto-retried\)$/);
  });

  it('never draws a line wider than the terminal', () => {
    const lines = render(frame({ url: `http://example.com/${'stage/'.repeat(30)}` }), 40);
    for (const line of lines) expect(Array.from(line).length).toBeLessThanOrEqual(40);
    expect(lines[0]).toMatch(/…$/);
  });

  it('prints hostile error messages and type names as inert text', () => {
    const hostile: FailureRecord = {
      ...failure,
      type: 'em\x1b[31mail\x1b[0m',
      error: {
        name: 'Error\x1b]0;owned title\x07',
        message: 'SMTP\x1b[2J\x1b[H timeout\r\nat line 2\x9b1;1H\u202eevil\x00\x07\x1bc',
      },
    };
    const lines = render(frame({ reading: reading({ lastFailure: hostile }) }));
    expect(lineStarting(lines, 'Last')).toBe(
      'Last failure: "Error: SMTP timeout at line 2evil" (2s ago, auto-retried)',
    );
    expect(lines).toContain('  email job job-1, attempt 2');
    for (const line of lines) {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting that none are left.
      expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    }
  });

  it('shows the p95 latencies when the API has them', () => {
    const lines = render(
      frame({ reading: { ...frame().reading!, latency: { queueWaitP95Ms: 120, runTimeP95Ms: 1_234 } } }),
    );
    expect(lines).toContain('Latency p95 (last minute): queue wait 120 ms, run time 1.2 s');
    const partial = render(
      frame({ reading: { ...frame().reading!, latency: { queueWaitP95Ms: null, runTimeP95Ms: 150_000 } } }),
    );
    expect(partial).toContain('Latency p95 (last minute): queue wait n/a, run time 2.5 min');
  });

  it('says how often job limits held jobs back in the last hour, the types held most first', () => {
    const lines = render(frame({ reading: { ...frame().reading!, heldBack: aHeldBackStats() } }));
    expect(lines.filter((line) => line.startsWith('Held back'))).toEqual([
      'Held back: 15 in the last hour (resize 12, email 3)',
    ]);
    // After the other figures of the snapshot, before the footer.
    expect(lines.at(-3)).toBe('Held back: 15 in the last hour (resize 12, email 3)');
  });

  it('shows no held-back line when nothing was held back this hour, or the API does not count holds', () => {
    const quiet = aHeldBackStats({
      lastMinute: 0,
      lastHour: 0,
      byType: { resize: { total: 7, lastHour: 0 } },
    });
    for (const heldBack of [quiet, null]) {
      const lines = render(frame({ reading: { ...frame().reading!, heldBack } }));
      expect(lines.some((line) => line.startsWith('Held back'))).toBe(false);
    }
  });

  it('prints hostile type names in the held-back line as inert text', () => {
    const heldBack = aHeldBackStats({
      lastHour: 1,
      byType: { 're\x1b[2J\x1b]0;t\x07size\u202e': { total: 1, lastHour: 1 } },
    });
    const lines = render(frame({ reading: { ...frame().reading!, heldBack } }));
    expect(lines).toContain('Held back: 1 in the last hour (resize 1)');
  });

  it('says so when no stats snapshot has been taken yet', () => {
    const lines = render(
      frame({ reading: reading({ queue: null, queues: null, deadLetterQueue: null, snapshotAt: null }) }),
    );
    expect(lines).toContain('SQS queue and dead-letter queue: no stats snapshot yet');
    expect(lines.some((line) => line.startsWith('Dead-letter queue'))).toBe(false);
  });

  it('shows an empty dead-letter queue without the redrive hint', () => {
    const empty = { visible: 0, inFlight: 0, delayed: 0 };
    expect(render(frame({ reading: reading({ deadLetterQueue: empty }) }))).toContain(
      'Dead-letter queue: 0 messages',
    );
  });

  it('shows a problem in place of the numbers, with when the numbers were last good', () => {
    const lines = render(frame({ problem: 'Cannot reach http://127.0.0.1:8080/status: connection refused' }));
    expect(lines).toEqual([
      'sqs-jobs · http://127.0.0.1:8080/',
      '',
      'Problem: Cannot reach http://127.0.0.1:8080/status: connection refused',
      'Last good refresh: 12:00:03 (2s ago)',
      '',
      'Retrying every 1s · Ctrl-C to quit',
    ]);
    expect(render(frame({ reading: null, problem: 'boom\x1b[2J' }))).toContain('Problem: boom');
    expect(render(frame({ reading: null, problem: 'boom' }))).toContain('No answer yet.');
  });

  it('wraps a long problem over a few lines rather than cutting what to do next', () => {
    const problem =
      'GET /status was refused (403 Forbidden: Forbidden); this API needs a key: set SQS_JOBS_API_KEY';
    expect(render(frame({ reading: null, problem }), 60).slice(2, 5)).toEqual([
      'Problem: GET /status was refused (403 Forbidden: Forbidden);',
      '  this API needs a key: set SQS_JOBS_API_KEY',
      'No answer yet.',
    ]);
    const endless = render(frame({ reading: null, problem: 'word '.repeat(100) }), 30);
    expect(endless.slice(2, 6)).toEqual([
      'Problem: word word word word',
      '  word word word word word',
      '  word word word word word wo…',
      'No answer yet.',
    ]);
  });

  it('says it is waiting before the first answer', () => {
    expect(render(frame({ reading: null }))).toEqual([
      'sqs-jobs · http://127.0.0.1:8080/',
      '',
      'Waiting for the first answer…',
      '',
      'Refreshing every 1s · Ctrl-C to quit',
    ]);
  });

  it('ends a one-off snapshot (--once) with its time and no quit hint', () => {
    expect(render(frame({ intervalSeconds: null })).at(-1)).toBe('Refreshed 12:00:03');
  });
});

function reading(overrides: Partial<StatusView>): DashboardFrame['reading'] {
  return {
    status: status(overrides),
    latency: null,
    heldBack: null,
    at: new Date(NOW.getTime() - 2_000),
  };
}
