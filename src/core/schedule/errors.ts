import { type ErrorDetails, SqsJobsError } from '../errors.ts';

/**
 * A schedule expression (or its time zone) that cannot be evaluated. `expression` is the text that
 * was being parsed; it is empty when only a time zone was checked (`validateTimezone` on its own).
 */
export class ScheduleExpressionError extends SqsJobsError {
  readonly expression: string;

  constructor(expression: string, message: string, details: ErrorDetails = {}) {
    super('InvalidSchedule', message, { expression, ...details });
    this.expression = expression;
  }
}
