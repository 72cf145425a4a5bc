import { Duration } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  SingleValueWidget,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { EventField, type IEventBus, Rule, RuleTargetInput } from 'aws-cdk-lib/aws-events';
import { SnsTopic } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type PerPriority, PRIORITIES, type Priority } from '../../core/priority.ts';

/** The namespace the functions' EMF metrics (one per job event) are written to. */
export const METRICS_NAMESPACE = 'SqsJobs';

export interface MonitoringProps {
  /** Unique in the account and region: several SqsJobs may share them. */
  readonly dashboardName: string;
  readonly stage: string;
  /**
   * The functions' Powertools service name, the `service` dimension of the job-event metrics (one
   * per SqsJobs, so two in one account and stage do not read each other's). @default 'sqs-jobs'
   */
  readonly service?: string;
  /** The jobs queue of each priority. */
  readonly queues: PerPriority<IQueue>;
  readonly deadLetterQueue: IQueue;
  readonly worker: IFunction;
  readonly api: RestApi;
  /** Alarm when the oldest waiting message is older than this. */
  readonly oldestMessageAge: Duration;
  /** Subscribe this address to the alarm topic (it must confirm by e-mail). Without it, no topic is made. */
  readonly alarmEmail?: string;
  /** The jobs' event bus: with a topic, dead-lettered jobs are forwarded to it too. */
  readonly jobEvents?: IEventBus;
}

/**
 * The stack's operational view: one CloudWatch dashboard, and alarms for what needs a human — dead
 * letters, a queue that is not draining, worker errors and throttles, API 5xx.
 */
export class Monitoring extends Construct {
  public readonly dashboard: Dashboard;
  public readonly alarms: readonly Alarm[];
  /** Where alarms notify, when an e-mail address was given. */
  public readonly topic?: Topic;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const minute = Duration.minutes(1);
    const queueMetrics = (priority: Priority) => {
      const queue = props.queues[priority];
      return {
        visible: queue.metricApproximateNumberOfMessagesVisible({
          period: minute,
          label: `${priority} waiting`,
        }),
        inFlight: queue.metricApproximateNumberOfMessagesNotVisible({
          period: minute,
          label: `${priority} in flight`,
        }),
        // No label: a labelled metric makes the alarm a metric-math one.
        oldestAge: queue.metricApproximateAgeOfOldestMessage({ period: minute, statistic: 'Maximum' }),
      };
    };
    const queues = PRIORITIES.map((priority) => ({ priority, ...queueMetrics(priority) }));
    const deadLetters = props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
      period: minute,
      statistic: 'Maximum',
    });
    const workerErrors = props.worker.metricErrors({ period: minute, statistic: 'Sum' });
    const workerThrottles = props.worker.metricThrottles({ period: minute, statistic: 'Sum' });
    const workerDuration = props.worker.metricDuration({ period: minute, statistic: 'p95' });
    const workerConcurrent = new Metric({
      namespace: 'AWS/Lambda',
      metricName: 'ConcurrentExecutions',
      dimensionsMap: { FunctionName: props.worker.functionName },
      period: minute,
      statistic: 'Maximum',
    });
    const api5xx = props.api.metricServerError({ period: minute, statistic: 'Sum' });
    const api4xx = props.api.metricClientError({ period: minute, statistic: 'Sum' });
    const apiLatency = props.api.metricLatency({ period: minute, statistic: 'p95' });
    const jobEvent = (name: string): IMetric =>
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: name,
        dimensionsMap: { service: props.service ?? 'sqs-jobs', stage: props.stage },
        period: minute,
        statistic: 'Sum',
      });

    const alarm = (name: string, metric: IMetric, threshold: number, description: string) =>
      new Alarm(this, name, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: `sqs-jobs (${props.stage}): ${description}`,
      });
    this.alarms = [
      alarm(
        'DeadLettersAlarm',
        deadLetters,
        0,
        'jobs are in the dead-letter queue; see GET /stats, then POST /dlq/redrive',
      ),
      // One per priority: each queue has its own workers, so each can fall behind on its own. The
      // default priority's keeps the id it had when there was one queue.
      ...queues.map(({ priority, oldestAge }) =>
        alarm(
          priority === 'default'
            ? 'OldestMessageAlarm'
            : `${priority === 'high' ? 'High' : 'Low'}PriorityOldestMessageAlarm`,
          oldestAge,
          props.oldestMessageAge.toSeconds(),
          `the oldest queued ${priority}-priority job has waited over ${props.oldestMessageAge.toSeconds()} s: its workers are not keeping up`,
        ),
      ),
      alarm(
        'WorkerErrorsAlarm',
        workerErrors,
        0,
        'the worker function failed invocations (crashes, timeouts)',
      ),
      alarm(
        'WorkerThrottlesAlarm',
        workerThrottles,
        0,
        'the worker function was throttled (account concurrency)',
      ),
      alarm('Api5xxAlarm', api5xx, 0, 'the API answered 5xx'),
    ];
    if (props.alarmEmail) {
      this.topic = new Topic(this, 'AlarmTopic', {
        displayName: `sqs-jobs ${props.stage} alarms`,
        enforceSSL: true,
      });
      this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
      for (const each of this.alarms) each.addAlarmAction(new SnsAction(this.topic));
      if (props.jobEvents) {
        // The same route a user would add for Slack or a webhook: a rule on the bus, no code.
        new Rule(this, 'DeadLetteredToTopic', {
          eventBus: props.jobEvents,
          description: 'Dead-lettered jobs to the alarm topic',
          eventPattern: { source: ['sqs-jobs'], detailType: ['JobDeadLettered'] },
          targets: [
            new SnsTopic(this.topic, {
              message: RuleTargetInput.fromText(
                `sqs-jobs ${props.stage}: job ${EventField.fromPath('$.detail.jobId')} (${EventField.fromPath('$.detail.type')}) was dead-lettered: ${EventField.fromPath('$.detail.reason')}`,
              ),
            }),
          ],
        });
      }
    }

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.hours(3),
    });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: `# sqs-jobs (${props.stage})\nJobs per minute by outcome, the queue, the workers and the API. Live per-job detail: the API's \`/\` dashboard and \`/stats\`.`,
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Jobs per minute',
        left: [
          'JobEnqueued',
          'JobCompleted',
          'JobFailed',
          'JobRetried',
          'JobDeadLettered',
          'JobCanceled',
        ].map(jobEvent),
        width: 12,
      }),
      new GraphWidget({
        title: 'Jobs queues (per priority)',
        left: queues.flatMap(({ visible, inFlight }) => [visible, inFlight]),
        right: queues.map(({ priority, oldestAge }) => oldestAge.with({ label: `${priority} oldest (s)` })),
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new SingleValueWidget({ title: 'Dead letters', metrics: [deadLetters], width: 6 }),
      new GraphWidget({
        title: 'Workers',
        left: [workerConcurrent],
        right: [workerErrors, workerThrottles],
        width: 9,
      }),
      new GraphWidget({ title: 'Worker duration p95 (ms)', left: [workerDuration], width: 9 }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'API requests',
        left: [props.api.metricCount({ period: minute, statistic: 'Sum' }), api4xx, api5xx],
        right: [apiLatency],
        width: 12,
      }),
      new GraphWidget({
        title: 'Job failure rate (%)',
        left: [
          new MathExpression({
            expression: '100 * failed / MAX([completed + failed, 1])',
            usingMetrics: { failed: jobEvent('JobFailed'), completed: jobEvent('JobCompleted') },
            label: 'failed %',
            period: minute,
          }),
        ],
        width: 12,
      }),
    );
  }
}
