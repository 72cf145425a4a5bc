import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

export interface StatsScheduleProps {
  readonly handler: IFunction;
  /** An EventBridge schedule expression, e.g. "rate(1 minute)". */
  readonly schedule: string;
  /** @default 'Takes a stats snapshot of sqs-jobs' */
  readonly description?: string;
}

/** An EventBridge rule (not Scheduler: LocalStack does not fire Scheduler) that runs a function on a schedule. */
export class StatsSchedule extends Construct {
  public readonly rule: Rule;

  constructor(scope: Construct, id: string, props: StatsScheduleProps) {
    super(scope, id);
    this.rule = new Rule(this, 'Rule', {
      description: props.description ?? 'Takes a stats snapshot of sqs-jobs',
      schedule: Schedule.expression(props.schedule),
      targets: [new LambdaFunction(props.handler, { retryAttempts: 0 })],
    });
  }
}
