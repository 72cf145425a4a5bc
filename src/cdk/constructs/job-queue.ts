import { Duration } from 'aws-cdk-lib';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type PerPriority, PRIORITIES, perPriority } from '../../core/priority.ts';

export interface JobQueueProps {
  /** Receives before a message moves to the dead-letter queue. */
  readonly maxReceiveCount: number;
  readonly visibilityTimeout: Duration;
  readonly retentionPeriod: Duration;
}

/** What each priority's event source is given. */
export interface EventSourceProps {
  readonly batchSize: number;
  readonly batchingWindowSeconds: number;
  /** The instances the worker runs for each priority's queue at once (2–1000). */
  readonly maxConcurrency: PerPriority<number>;
}

/**
 * The jobs queues, one per priority (src/core/priority.ts), and their one dead-letter queue, all
 * encrypted and TLS-only. `queue` is the `default` priority's (it kept its logical id when the
 * others came, so a deployed stack keeps its queue and the messages in it).
 */
export class JobQueue extends Construct {
  /** The `default` priority's queue. */
  public readonly queue: Queue;
  /** Each priority's queue. */
  public readonly queues: PerPriority<Queue>;
  public readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: JobQueueProps) {
    super(scope, id);
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const jobsQueue = (logicalId: string) =>
      new Queue(this, logicalId, {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        visibilityTimeout: props.visibilityTimeout,
        retentionPeriod: props.retentionPeriod,
        receiveMessageWaitTime: Duration.seconds(20),
        deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount },
      });
    this.queue = jobsQueue('Queue');
    this.queues = {
      high: jobsQueue('HighPriorityQueue'),
      default: this.queue,
      low: jobsQueue('LowPriorityQueue'),
    };
  }

  /** Every jobs queue, high to low. */
  get all(): Queue[] {
    return PRIORITIES.map((priority) => this.queues[priority]);
  }

  /** Each priority's queue URL, for the functions' environment or the direct producer. */
  get queueUrls(): PerPriority<string> {
    return perPriority((priority) => this.queues[priority].queueUrl);
  }

  /**
   * One event source per priority, each with its own share of the worker's concurrency, so a backlog
   * at one priority never holds back another's jobs. Partial batch responses on.
   */
  eventSources(props: EventSourceProps): SqsEventSource[] {
    return PRIORITIES.map(
      (priority) =>
        new SqsEventSource(this.queues[priority], {
          batchSize: props.batchSize,
          maxBatchingWindow:
            props.batchingWindowSeconds > 0 ? Duration.seconds(props.batchingWindowSeconds) : undefined,
          maxConcurrency: props.maxConcurrency[priority],
          reportBatchItemFailures: true,
        }),
    );
  }
}
