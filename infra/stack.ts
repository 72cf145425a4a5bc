import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ENV } from '../functions/shared/env-names.ts';
import { FilesBucket } from './constructs/files-bucket.ts';
import { JobQueue } from './constructs/job-queue.ts';
import { JobsApi } from './constructs/jobs-api.ts';
import { JOBS_BY_STATUS_INDEX, JobsTable, StatsTable } from './constructs/jobs-table.ts';
import { ServiceFunction } from './constructs/service-function.ts';
import { StatsSchedule } from './constructs/stats-schedule.ts';
import { type SqsJobsSettings, visibilityTimeoutSeconds } from './settings.ts';

export interface SqsJobsStackProps extends StackProps {
  readonly settings: SqsJobsSettings;
}

/** The whole system: one table of jobs, one queue (+DLQ), three functions, one REST API, one schedule. */
export class SqsJobsStack extends Stack {
  public readonly jobs: JobsTable;
  public readonly queue: JobQueue;
  public readonly api: JobsApi;

  constructor(scope: Construct, id: string, props: SqsJobsStackProps) {
    super(scope, id, props);
    const { settings } = props;
    // Only throwaway stages may delete data with the stack.
    const removalPolicy = settings.stage === 'prod' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.jobs = new JobsTable(this, 'Jobs', { removalPolicy });
    const stats = new StatsTable(this, 'Stats', { removalPolicy });
    const files = new FilesBucket(this, 'Files', { removalPolicy });
    this.queue = new JobQueue(this, 'JobQueue', {
      maxReceiveCount: settings.queue.maxReceiveCount,
      visibilityTimeout: Duration.seconds(visibilityTimeoutSeconds(settings)),
      retentionPeriod: Duration.days(settings.queue.retentionDays),
    });

    const worker = new ServiceFunction(this, 'WorkerFunction', {
      name: 'worker',
      description: 'Runs jobs delivered by the jobs queue',
      timeout: Duration.seconds(settings.worker.timeoutSeconds),
      memorySize: settings.worker.memoryMb,
      environment: {
        [ENV.jobsTable]: this.jobs.table.tableName,
        [ENV.jobsByStatusIndex]: JOBS_BY_STATUS_INDEX,
        [ENV.jobsQueueUrl]: this.queue.queue.queueUrl,
        [ENV.filesBucket]: files.bucket.bucketName,
        [ENV.stage]: settings.stage,
      },
    }).fn;
    worker.addEventSource(this.queue.eventSource(settings.worker));
    this.jobs.table.grant(worker, 'dynamodb:GetItem', 'dynamodb:UpdateItem');
    this.queue.queue.grant(worker, 'sqs:ChangeMessageVisibility');
    files.bucket.grantReadWrite(worker);
    files.bucket.grantDelete(worker);

    const apiFn = new ServiceFunction(this, 'ApiFunction', {
      name: 'api',
      description: 'The sqs-jobs REST API',
      timeout: Duration.seconds(settings.api.timeoutSeconds),
      memorySize: settings.api.memoryMb,
      environment: {
        [ENV.jobsTable]: this.jobs.table.tableName,
        [ENV.jobsByStatusIndex]: JOBS_BY_STATUS_INDEX,
        [ENV.statsTable]: stats.table.tableName,
        [ENV.jobsQueueUrl]: this.queue.queue.queueUrl,
        [ENV.workerConcurrency]: String(settings.worker.maxConcurrency),
        [ENV.stage]: settings.stage,
      },
    }).fn;
    this.jobs.table.grant(
      apiFn,
      'dynamodb:PutItem',
      'dynamodb:GetItem',
      'dynamodb:DeleteItem',
      'dynamodb:Query',
    );
    stats.table.grant(apiFn, 'dynamodb:Query');
    this.queue.queue.grantSendMessages(apiFn);

    const statsFn = new ServiceFunction(this, 'StatsFunction', {
      name: 'stats',
      description: 'Takes a stats snapshot on a schedule',
      timeout: Duration.seconds(settings.stats.timeoutSeconds),
      memorySize: settings.stats.memoryMb,
      environment: {
        [ENV.jobsTable]: this.jobs.table.tableName,
        [ENV.jobsByStatusIndex]: JOBS_BY_STATUS_INDEX,
        [ENV.statsTable]: stats.table.tableName,
        [ENV.jobsQueueUrl]: this.queue.queue.queueUrl,
        [ENV.deadLetterQueueUrl]: this.queue.deadLetterQueue.queueUrl,
        [ENV.workerConcurrency]: String(settings.worker.maxConcurrency),
        [ENV.stage]: settings.stage,
      },
    }).fn;
    this.jobs.table.grant(statsFn, 'dynamodb:Query');
    stats.table.grant(statsFn, 'dynamodb:PutItem', 'dynamodb:Query');
    for (const queue of [this.queue.queue, this.queue.deadLetterQueue]) {
      queue.grant(statsFn, 'sqs:GetQueueAttributes');
    }
    new StatsSchedule(this, 'StatsSchedule', { handler: statsFn, schedule: settings.stats.schedule });

    this.api = new JobsApi(this, 'Api', { handler: apiFn, stageName: settings.stage });
    new CfnOutput(this, 'ApiUrl', { value: this.api.api.url, description: 'Base URL of the sqs-jobs API' });
    new CfnOutput(this, 'RestApiId', { value: this.api.api.restApiId });
    new CfnOutput(this, 'StageName', { value: settings.stage });
    new CfnOutput(this, 'FilesBucketName', { value: files.bucket.bucketName });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.queue.deadLetterQueue.queueUrl });
  }
}
