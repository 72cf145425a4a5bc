import { parseAwsCron } from './cron.ts';
import { ScheduleExpressionError } from './errors.ts';

/** An EventBridge schedule: when it first fires after a start time, and each time after that. */
export interface ScheduleExpression {
  readonly text: string;
  /** Epoch ms of the first firing after `after` (a start time or the previous firing). */
  next(after: number): number | undefined;
}

const UNIT_MS: Readonly<Record<string, number>> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

export function parseScheduleExpression(text: string): ScheduleExpression {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(text.trim());
  if (rate) {
    const count = Number(rate[1]);
    const unit = (rate[2] as string).replace(/s$/, '');
    // EventBridge rejects "rate(1 minutes)" and "rate(5 minute)"; so do we, before a deploy would.
    if (count < 1 || (count === 1) !== !(rate[2] as string).endsWith('s')) {
      throw new ScheduleExpressionError(
        text,
        `${text}: use a singular unit for 1 and a plural unit otherwise, e.g. rate(1 minute), rate(5 minutes).`,
      );
    }
    const period = count * (UNIT_MS[unit] as number);
    // Like EventBridge, a rate schedule first fires one period after it is created.
    return { text, next: (after) => after + period };
  }
  const cron = /^cron\((.*)\)$/.exec(text.trim());
  if (cron) {
    const schedule = parseAwsCron(cron[1] as string);
    return { text, next: (after) => schedule.next(after) };
  }
  throw new ScheduleExpressionError(text, `"${text}" is neither rate(...) nor cron(...).`);
}
