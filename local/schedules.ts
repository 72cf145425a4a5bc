import { randomUUID } from 'node:crypto';
import type { ScheduledEvent } from 'aws-lambda';
import type { InvocationOutcome } from './functions/protocol.ts';
import type { PseudoParameters } from './template/intrinsics.ts';
import type { ScheduleModel } from './template/rules.ts';

/** setTimeout cannot wait longer than this; a later firing is re-armed in steps. */
const MAX_TIMER_MS = 2_147_483_647;

export interface ScheduleOptions {
  readonly schedules: readonly ScheduleModel[];
  readonly pseudo: PseudoParameters;
  /** Asynchronous invocation: EventBridge does not wait for, or retry on, the function's result. */
  readonly invoke: (functionLogicalId: string, event: unknown) => Promise<InvocationOutcome>;
  readonly log: (line: string) => void;
  readonly label: (functionLogicalId: string) => string;
}

export interface Schedules {
  /** Epoch ms of a rule's next firing. */
  nextFire(ruleLogicalId: string): number | undefined;
  stop(): void;
}

/** Fires EventBridge schedule rules on time (UTC), each target getting a "Scheduled Event". */
export function startSchedules(options: ScheduleOptions): Schedules {
  const timers = new Map<string, NodeJS.Timeout>();
  const next = new Map<string, number>();
  let stopped = false;

  const arm = (rule: ScheduleModel, at: number | undefined) => {
    if (stopped || at === undefined) {
      next.delete(rule.logicalId);
      return;
    }
    next.set(rule.logicalId, at);
    const delay = at - Date.now();
    timers.set(
      rule.logicalId,
      setTimeout(
        () => {
          if (delay > MAX_TIMER_MS) return arm(rule, at);
          fire(rule, at);
          arm(rule, rule.expression.next(at));
        },
        Math.max(0, Math.min(delay, MAX_TIMER_MS)),
      ),
    );
  };

  const fire = (rule: ScheduleModel, at: number) => {
    for (const target of rule.targets) {
      const event = target.input ?? scheduledEvent(rule, at, options.pseudo);
      options.invoke(target.functionLogicalId, event).then(
        (outcome) => {
          if (!outcome.ok) {
            options.log(
              `[${options.label(target.functionLogicalId)}] scheduled invocation failed: ${outcome.error.errorType}: ${outcome.error.errorMessage}`,
            );
          }
        },
        (error: unknown) => options.log(`[schedule ${rule.logicalId}] could not invoke: ${String(error)}`),
      );
    }
  };

  const start = Date.now();
  for (const rule of options.schedules) arm(rule, rule.expression.next(start));
  return {
    nextFire: (logicalId) => next.get(logicalId),
    stop() {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}

export function scheduledEvent(rule: ScheduleModel, at: number, pseudo: PseudoParameters): ScheduledEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: pseudo.accountId,
    // EventBridge stamps the scheduled minute, without milliseconds.
    time: new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: pseudo.region,
    resources: [rule.arn],
    detail: {},
  };
}
