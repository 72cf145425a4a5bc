import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { InvocationOutcome } from '../../../local/functions/protocol.ts';
import { startSchedules } from '../../../local/schedules.ts';
import type { ScheduleModel } from '../../../local/template/rules.ts';
import type { ResolvedValue } from '../../../local/template/types.ts';
import { parseScheduleExpression } from '../../../src/core/schedule/expression.ts';

const START = Date.parse('2025-03-01T10:00:30Z');
const pseudo = {
  region: 'us-east-1',
  accountId: '000000000000',
  stackName: 'Demo',
  partition: 'aws',
  urlSuffix: 'amazonaws.com',
};

function rule(logicalId: string, expression: string, input?: ResolvedValue): ScheduleModel {
  return {
    logicalId,
    name: `Demo-${logicalId}`,
    arn: `arn:aws:events:us-east-1:000000000000:rule/Demo-${logicalId}`,
    expression: parseScheduleExpression(expression),
    targets: [{ id: 'Target0', functionLogicalId: 'Stats', input }],
    notEmulated: [],
  };
}

describe('schedules', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: START });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fire a rate rule one period after start with a Scheduled Event, then every period', async () => {
    const calls: { at: number; logicalId: string; event: unknown }[] = [];
    const ok: InvocationOutcome = { ok: true, value: null, requestId: 'r', durationMs: 1 };
    const schedules = startSchedules({
      schedules: [rule('Every', 'rate(1 minute)')],
      pseudo,
      invoke: async (logicalId, event) => {
        calls.push({ at: Date.now(), logicalId, event });
        return ok;
      },
      log: () => {},
      label: (id) => id,
    });
    expect(schedules.nextFire('Every')).toBe(START + 60_000);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      logicalId: 'Stats',
      event: {
        version: '0',
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        account: '000000000000',
        time: '2025-03-01T10:01:30Z',
        region: 'us-east-1',
        resources: ['arn:aws:events:us-east-1:000000000000:rule/Demo-Every'],
        detail: {},
      },
    });
    await vi.advanceTimersByTimeAsync(120_000);
    expect(calls.map((call) => new Date(call.at).toISOString())).toEqual([
      '2025-03-01T10:01:30.000Z',
      '2025-03-01T10:02:30.000Z',
      '2025-03-01T10:03:30.000Z',
    ]);
    schedules.stop();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(calls).toHaveLength(3);
  });

  it("fire a cron rule on its minutes and send a target's constant Input instead of the event", async () => {
    const events: unknown[] = [];
    const failures: string[] = [];
    const schedules = startSchedules({
      schedules: [rule('Quarter', 'cron(0/15 * * * ? *)', { report: 'daily' })],
      pseudo,
      invoke: async (_id, event) => {
        events.push(event);
        return {
          ok: false,
          error: { errorType: 'Error', errorMessage: 'boom' },
          requestId: 'r',
          durationMs: 1,
        };
      },
      log: (line) => failures.push(line),
      label: () => 'stats',
    });
    expect(new Date(schedules.nextFire('Quarter') ?? 0).toISOString()).toBe('2025-03-01T10:15:00.000Z');
    await vi.advanceTimersByTimeAsync(30 * 60_000);
    expect(events).toEqual([{ report: 'daily' }, { report: 'daily' }]);
    expect(failures[0]).toBe('[stats] scheduled invocation failed: Error: boom');
    schedules.stop();
  });
});
