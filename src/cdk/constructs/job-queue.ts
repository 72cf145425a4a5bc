import { Duration } from 'aws-cdk-lib';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface JobQueueProps {
  /** Receives before a message moves to the dead-letter queue. */
  readonly maxReceiveCount: number;
  readonly visibilityTimeout: Duration;
  readonly retentionPeriod: Duration;
}

/** The jobs queue and its dead-letter queue, encrypted and TLS-only. */
export class JobQueue extends Construct {
  public readonly queue: Queue;
  public readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: JobQueueProps) {
    super(scope, id);
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: props.visibilityTimeout,
      retentionPeriod: props.retentionPeriod,
      receiveMessageWaitTime: Duration.seconds(20),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount },
    });
  }

  /** The event source that feeds the worker, with partial batch responses on. */
  eventSource(props: {
    batchSize: number;
    batchingWindowSeconds: number;
    maxConcurrency: number;
  }): SqsEventSource {
    return new SqsEventSource(this.queue, {
      batchSize: props.batchSize,
      maxBatchingWindow:
        props.batchingWindowSeconds > 0 ? Duration.seconds(props.batchingWindowSeconds) : undefined,
      maxConcurrency: props.maxConcurrency,
      reportBatchItemFailures: true,
    });
  }
}
