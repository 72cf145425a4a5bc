import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Annotations, Duration, Names, RemovalPolicy } from 'aws-cdk-lib';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ENV } from '../../functions/shared/env-names.ts';
import { findAppProject } from './app-project.ts';
import { FilesBucket } from './constructs/files-bucket.ts';
import { JobQueue } from './constructs/job-queue.ts';
import { JobsApi } from './constructs/jobs-api.ts';
import { JOBS_BY_STATUS_INDEX, JobsTable, StatsTable } from './constructs/jobs-table.ts';
import { Monitoring } from './constructs/monitoring.ts';
import { ServiceFunction } from './constructs/service-function.ts';
import { StatsSchedule } from './constructs/stats-schedule.ts';
import { dashboardBuildCommands } from './dashboard-build.ts';
import { acknowledgeNagFindings } from './nag-suppressions.ts';
import {
  DEFAULT_SETTINGS,
  isThrowawayStage,
  maxAttemptsLimit,
  type SqsJobsSettings,
  validateSettings,
  visibilityTimeoutSeconds,
  workerConcurrencyOf,
} from './settings.ts';

/** Every setting may be left out; each part given replaces only the values it names. */
export type SqsJobsSettingsInput = {
  readonly [K in keyof SqsJobsSettings]?: SqsJobsSettings[K] extends object
    ? Partial<SqsJobsSettings[K]>
    : SqsJobsSettings[K];
};

export interface SqsJobsProps {
  /**
   * The app's jobs module: a file URL (`new URL('./jobs.ts', import.meta.url)`), an absolute path,
   * or a path relative to the working directory (where `cdk` runs). It must
   * `export default defineJobs({ … })` (or export it as `jobs`). It is bundled into the worker, and
   * into the API, which validates submissions with the same schemas.
   */
  readonly jobs: string | URL;
  /**
   * The numbers that shape the system; each default is documented on {@link SqsJobsSettings} and in
   * DEFAULT_SETTINGS (stage `local`, API keys on, worker 60 s / 1024 MB / batch 10 / concurrency 4, …).
   */
  readonly settings?: SqsJobsSettingsInput;
  /**
   * Prefixes of the files bucket the worker may delete under (the cleanup job's scratch area); it
   * may delete nothing else. @default none
   */
  readonly scratchPrefixes?: readonly string[];
}

/** What synth and deploy print for a stage deployed with -c auth=none. */
export const KEYLESS_API_WARNING =
  'API keys are off (-c auth=none): every route of this API, reads and writes, is open to anyone ' +
  'who finds its URL. Keep this for a stage nobody else can reach; remove the flag to require keys.';

/**
 * The whole system for an app's job types: a jobs table and a stats table, a queue per priority (+DLQ), four
 * functions (api, worker, stats, sweeper), one REST API, two schedules, an event bus, a files bucket,
 * a CloudWatch dashboard and alarms. Every resource is a public field, to wire further; physical
 * names derive from the construct's path, so several SqsJobs live in one stack or account.
 */
export class SqsJobs extends Construct {
  /** The settings in force: the defaults with the given ones over them. */
  public readonly settings: SqsJobsSettings;
  public readonly jobs: JobsTable;
  public readonly stats: StatsTable;
  public readonly files: FilesBucket;
  public readonly queue: JobQueue;
  public readonly api: JobsApi;
  public readonly monitoring: Monitoring;
  public readonly bus: EventBus;
  /** Where the worker may delete files (see SqsJobsProps.scratchPrefixes). */
  public readonly scratchPrefixes: readonly string[];
  public readonly functions: {
    readonly api: ServiceFunction;
    readonly worker: ServiceFunction;
    readonly stats: ServiceFunction;
    readonly sweeper: ServiceFunction;
  };

  constructor(scope: Construct, id: string, props: SqsJobsProps) {
    super(scope, id);
    const settings = resolveSettings(props.settings);
    this.settings = settings;
    // Bus and dashboard names are account-wide: the stage, and the construct's path hashed, so a
    // second SqsJobs (in this stack or another) never takes the first one's.
    const physicalName = `sqs-jobs-${settings.stage}-${Names.uniqueId(this).slice(-8).toLowerCase()}`;
    // Only stages listed as throwaway may delete data with the stack. Retained tables are also
    // deletion-protected (the JobsTable default), so not even the console drops them by mistake.
    const removalPolicy = isThrowawayStage(settings.stage) ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    const logRetention = settings.logRetentionDays;

    this.jobs = new JobsTable(this, 'Jobs', { removalPolicy, capacity: settings.table });
    this.stats = new StatsTable(this, 'Stats', { removalPolicy });
    this.files = new FilesBucket(this, 'Files', { removalPolicy });
    this.queue = new JobQueue(this, 'JobQueue', {
      maxReceiveCount: settings.queue.maxReceiveCount,
      visibilityTimeout: Duration.seconds(visibilityTimeoutSeconds(settings)),
      retentionPeriod: Duration.days(settings.queue.retentionDays),
    });
    const jobsTable = this.jobs.table.tableArn;
    const byStatusIndex = this.jobs.byStatusIndexArn;
    const scheduledIndex = this.jobs.scheduledIndexArn;
    const statsTable = this.stats.table.tableArn;
    // Every priority's queue: each function sends to (or reads) whichever a job's priority names.
    const jobsQueues = this.queue.all.map((queue) => queue.queueArn);
    const deadLetterQueue = this.queue.deadLetterQueue.queueArn;
    // What every function needs to find the jobs: each adds its own variables to these.
    const jobsEnvironment = {
      // Every function that finishes or removes jobs keeps them as long as this says, when it is set.
      ...(settings.retentionSeconds === undefined
        ? {}
        : { [ENV.retentionSeconds]: String(settings.retentionSeconds) }),
      [ENV.jobsTable]: this.jobs.table.tableName,
      [ENV.jobsByStatusIndex]: JOBS_BY_STATUS_INDEX,
      [ENV.jobsQueueUrl]: this.queue.queueUrls.default,
      [ENV.highPriorityQueueUrl]: this.queue.queueUrls.high,
      [ENV.lowPriorityQueueUrl]: this.queue.queueUrls.low,
      [ENV.stage]: settings.stage,
    };

    // Each function is allowed exactly the calls its code makes, on exactly the resources it makes them
    // on; test/unit/infra/iam.test.ts lists the same grants and fails on anything more.
    const jobsModule = path.resolve(typeof props.jobs === 'string' ? props.jobs : fileURLToPath(props.jobs));
    // The functions are bundled in the project the jobs module belongs to, with its lock file.
    const project = findAppProject(jobsModule);
    const worker = new ServiceFunction(this, 'WorkerFunction', {
      name: 'worker',
      project,
      serviceName: physicalName,
      jobsModule,
      description: 'Runs jobs delivered by the jobs queue',
      timeout: Duration.seconds(settings.worker.timeoutSeconds),
      memorySize: settings.worker.memoryMb,
      logRetention,
      tracing: settings.tracing,
      environment: {
        ...jobsEnvironment,
        [ENV.deadLetterQueueUrl]: this.queue.deadLetterQueue.queueUrl,
        [ENV.filesBucket]: this.files.bucket.bucketName,
        [ENV.statsTable]: this.stats.table.tableName,
      },
    });
    // Failures (and completions, if asked for) go on the stack's bus, where users route them with rules.
    this.bus = new EventBus(this, 'JobEvents', { eventBusName: physicalName });
    worker.fn.addEnvironment(ENV.eventBusName, this.bus.eventBusName);
    worker.fn.addEnvironment(ENV.publishCompletions, String(settings.publishCompletions));
    worker.allow(['events:PutEvents'], [this.bus.eventBusArn]);
    // The event source mapping adds what polling needs (receive, delete, visibility, attributes).
    // One per priority, each with its own share of the worker's concurrency.
    for (const source of this.queue.eventSources({
      ...settings.worker,
      maxConcurrency: {
        high: settings.worker.highPriorityConcurrency,
        default: settings.worker.maxConcurrency,
        low: settings.worker.lowPriorityConcurrency,
      },
    }))
      worker.fn.addEventSource(source);
    // PutItem: a job limit's item, written by the first job it admits (acquire-slot.ts).
    // BatchGetItem: a dependent's dependencies, read when it starts and let go when it ends.
    worker.allow(
      ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem'],
      [jobsTable],
    );
    // Holds by job limits, counted per type and minute for the stats.
    worker.allow(['dynamodb:UpdateItem'], [this.stats.table.tableArn]);
    // SendMessage: a delivery that came before its job's runAt is sent again, delayed to it.
    worker.allow(['sqs:ChangeMessageVisibility', 'sqs:SendMessage'], jobsQueues);
    // The worker dead-letters jobs that failed for good, and poison messages, itself.
    worker.allow(['sqs:SendMessage'], [deadLetterQueue]);
    // Handlers read inputs, write outputs, and list and delete under prefixes; nothing else in S3.
    worker.allow(['s3:ListBucket'], [this.files.bucket.bucketArn]);
    worker.allow(['s3:GetObject', 's3:PutObject'], [this.files.bucket.arnForObjects('*')]);
    // Deletes only in the scratch area: no job payload can reach the bucket's inputs and outputs.
    const scratch = props.scratchPrefixes ?? [];
    if (scratch.length > 0) {
      worker.allow(
        ['s3:DeleteObject'],
        scratch.map((prefix) => this.files.bucket.arnForObjects(`${prefix}*`)),
      );
    }
    this.scratchPrefixes = scratch;

    // What reading stats needs (the API serves them, the stats function writes them).
    const statsEnvironment = {
      ...jobsEnvironment,
      [ENV.statsTable]: this.stats.table.tableName,
      [ENV.deadLetterQueueUrl]: this.queue.deadLetterQueue.queueUrl,
      [ENV.workerConcurrency]: String(workerConcurrencyOf(settings)),
    };
    const apiFn = new ServiceFunction(this, 'ApiFunction', {
      name: 'api',
      project,
      serviceName: physicalName,
      jobsModule,
      description: 'The sqs-jobs REST API',
      // The web dashboard (dashboard/) is built into the API's asset and served at GET /.
      afterBundling: dashboardBuildCommands,
      timeout: Duration.seconds(settings.api.timeoutSeconds),
      memorySize: settings.api.memoryMb,
      logRetention,
      tracing: settings.tracing,
      environment: {
        ...statsEnvironment,
        [ENV.maxBacklog]: String(settings.queue.maxBacklog),
        [ENV.maxAttempts]: String(maxAttemptsLimit(settings)),
        [ENV.scheduleHorizonSeconds]: String(settings.scheduleHorizonSeconds),
      },
    });
    // UpdateItem: cancel, retry and reschedule. The DLQ actions: redrive reads, removes and releases dead letters.
    // BatchWriteItem: POST /jobs/batch writes records 25 to a request. BatchGetItem: the listing of
    // scheduled jobs reads their runAt, which the byStatus index does not hold.
    apiFn.allow(
      [
        'dynamodb:PutItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:BatchGetItem',
        'dynamodb:GetItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
      ],
      [jobsTable],
    );
    // Listings and live counts read the byStatus index (GET /schedules the scheduled one); the latest snapshot is one GetItem, the chart
    // points one Query, on the stats table.
    apiFn.allow(['dynamodb:Query'], [byStatusIndex, scheduledIndex, statsTable]);
    apiFn.allow(['dynamodb:GetItem'], [statsTable]);
    apiFn.allow(['sqs:SendMessage', 'sqs:GetQueueAttributes'], jobsQueues);
    apiFn.allow(
      ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility'],
      [deadLetterQueue],
    );

    const statsFn = new ServiceFunction(this, 'StatsFunction', {
      name: 'stats',
      project,
      serviceName: physicalName,
      description: 'Takes a stats snapshot on a schedule',
      timeout: Duration.seconds(settings.stats.timeoutSeconds),
      memorySize: settings.stats.memoryMb,
      logRetention,
      tracing: settings.tracing,
      environment: statsEnvironment,
    });
    // Windows of the byStatus index; the snapshot and its chart points, pruned past 25 h (dynalite has no TTL).
    statsFn.allow(['dynamodb:Query'], [byStatusIndex, statsTable]);
    statsFn.allow(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'], [statsTable]);
    statsFn.allow(['sqs:GetQueueAttributes'], [...jobsQueues, this.queue.deadLetterQueue.queueArn]);
    new StatsSchedule(this, 'StatsSchedule', { handler: statsFn.fn, schedule: settings.stats.schedule });

    const sweeper = new ServiceFunction(this, 'SweeperFunction', {
      name: 'sweeper',
      project,
      serviceName: physicalName,
      jobsModule,
      description:
        'Fires recurring schedules; queues scheduled jobs whose time nears; re-queues jobs stuck pending without a message and running jobs whose worker died',
      timeout: Duration.seconds(settings.stats.timeoutSeconds),
      memorySize: settings.stats.memoryMb,
      logRetention,
      tracing: settings.tracing,
      environment: {
        ...jobsEnvironment,
        [ENV.sweepPendingAfterSeconds]: String(settings.sweeper.pendingAfterSeconds),
        [ENV.maxAttempts]: String(maxAttemptsLimit(settings)),
        [ENV.scheduleHorizonSeconds]: String(settings.scheduleHorizonSeconds),
      },
    });
    // Lost jobs through byStatus; scheduled jobs due soon and due schedules through the scheduled
    // index. Firing a schedule submits a job as the API does (record, idempotency key, message), and
    // moves the schedule on; the declared schedules are written once per execution environment.
    sweeper.allow(['dynamodb:Query'], [byStatusIndex, scheduledIndex]);
    sweeper.allow(
      [
        'dynamodb:GetItem',
        'dynamodb:BatchGetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
      ],
      [jobsTable],
    );
    sweeper.allow(['sqs:SendMessage'], jobsQueues);
    new StatsSchedule(this, 'SweeperSchedule', {
      handler: sweeper.fn,
      schedule: settings.sweeper.schedule,
      description: 'Runs the sqs-jobs sweeper',
    });
    this.functions = { api: apiFn, worker, stats: statsFn, sweeper };

    this.api = new JobsApi(this, 'Api', {
      handler: apiFn.fn,
      stageName: settings.stage,
      accessLogRetention: logRetention,
      tracing: settings.tracing,
      throttle: { rateLimit: settings.api.rateLimit, burstLimit: settings.api.burstLimit },
      auth:
        settings.api.auth === 'apiKey'
          ? { mode: 'apiKey', quotaPerDay: settings.api.quotaPerDay }
          : { mode: settings.api.auth },
    });
    if (settings.api.auth === 'none') {
      // Only an explicit -c auth=none gets here (keys are on by default on every stage): say so
      // on every synth and deploy, since the API is then open to anyone who finds its URL.
      Annotations.of(this).addWarningV2('@sqs-jobs/keyless-api', KEYLESS_API_WARNING);
    }
    this.monitoring = new Monitoring(this, 'Monitoring', {
      stage: settings.stage,
      service: physicalName,
      dashboardName: physicalName,
      queues: this.queue.queues,
      deadLetterQueue: this.queue.deadLetterQueue,
      worker: worker.fn,
      api: this.api.api,
      oldestMessageAge: Duration.seconds(settings.alarms.oldestMessageSeconds),
      ...(settings.alarms.email ? { alarmEmail: settings.alarms.email } : {}),
      jobEvents: this.bus,
    });
    acknowledgeNagFindings(this);
  }

  /** Lets `grantee` submit jobs with the direct producer: put a job record, send its message. */
  grantEnqueue(grantee: IGrantable): Grant {
    // BatchWriteItem: enqueueBatch writes records 25 to a request. GetItem: an idempotency key's
    // holder and its job are read when the key is taken already. BatchGetItem and UpdateItem: a job
    // with dependsOn reads its dependencies and links itself to them (their `dependents`).
    const table = this.jobs.table.grant(
      grantee,
      'dynamodb:PutItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:GetItem',
      'dynamodb:BatchGetItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
    );
    // Every priority's queue, in one statement (what Queue.grantSendMessages allows, for all three).
    Grant.addToPrincipal({
      grantee,
      actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
      resourceArns: this.queue.all.map((queue) => queue.queueArn),
    });
    return table;
  }
}

function resolveSettings(input: SqsJobsSettingsInput = {}): SqsJobsSettings {
  const base = DEFAULT_SETTINGS;
  const settings: SqsJobsSettings = {
    ...base,
    ...input,
    worker: { ...base.worker, ...input.worker },
    api: { ...base.api, ...input.api },
    stats: { ...base.stats, ...input.stats },
    table: { ...base.table, ...input.table },
    queue: { ...base.queue, ...input.queue },
    sweeper: { ...base.sweeper, ...input.sweeper },
    alarms: { ...base.alarms, ...input.alarms },
  } as SqsJobsSettings;
  validateSettings(settings);
  return settings;
}
