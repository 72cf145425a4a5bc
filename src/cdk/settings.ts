import type { Node } from 'constructs';
import { MAX_RETENTION_SECONDS, MIN_RETENTION_SECONDS } from '../core/retention.ts';

/**
 * The numbers that shape the system. The stack is the single source of truth: every value here ends
 * up in the template, and the embedded runtime reads them back from the template, not from here.
 * Each can be overridden with CDK context (`cdk synth -c workerBatchSize=5`).
 */
export interface SqsJobsSettings {
  readonly stage: string;
  readonly worker: {
    readonly timeoutSeconds: number;
    readonly memoryMb: number;
    readonly batchSize: number;
    readonly batchingWindowSeconds: number;
    /**
     * SQS event source maximum concurrency (2–1000) of the `default` priority's queue: how many
     * worker instances run its jobs at once.
     */
    readonly maxConcurrency: number;
    /**
     * The same for the `high` and `low` priorities' queues (2–1000 each: Lambda's least is 2). Each
     * priority has its own share, so the worker runs up to the three added up at once.
     */
    readonly highPriorityConcurrency: number;
    readonly lowPriorityConcurrency: number;
  };
  readonly api: {
    readonly timeoutSeconds: number;
    readonly memoryMb: number;
    /**
     * Who may call every route but the health check and the dashboard's static files:
     * `apiKey` (default, every stage): an API Gateway API key + usage plan, sent as `x-api-key`;
     * `iam`: SigV4-signed requests from AWS identities, with a read policy (GET routes) and an admin
     * policy (every route) to attach to roles; `none`: anyone (synth warns).
     */
    readonly auth: ApiAuth;
    /** Per-key steady rate (requests/s) and burst of the usage plan; the stage gets the same limits. */
    readonly rateLimit: number;
    readonly burstLimit: number;
    /** Requests per key per day before API Gateway answers 429 until the next day. */
    readonly quotaPerDay: number;
  };
  readonly stats: { readonly timeoutSeconds: number; readonly memoryMb: number; readonly schedule: string };
  /**
   * How the jobs table and its indexes pay for writes and reads. `onDemand` (default): per request,
   * nothing to plan, right for small or bursty loads. `provisioned`: capacity units that auto scaling
   * keeps near `targetUtilization` % of use, between the minimum and maximum (for the table and each
   * index alike); at a steady load a write then costs about 40 % of an on-demand one (docs/scaling.md).
   * The stats table stays on demand: it takes a few writes a minute.
   */
  readonly table: {
    readonly capacity: TableCapacity;
    readonly minWriteCapacity: number;
    readonly maxWriteCapacity: number;
    readonly minReadCapacity: number;
    readonly maxReadCapacity: number;
    /** Percent of the provisioned units auto scaling aims to use (20–90). */
    readonly targetUtilization: number;
  };
  readonly queue: {
    /**
     * Receives before SQS moves a message to the dead-letter queue. The worker dead-letters the
     * failures it understands itself; this is the net for deliveries that crash before they can say.
     * A job may ask for at most maxReceiveCount - 1 attempts, so the net never cuts a job short.
     */
    readonly maxReceiveCount: number;
    readonly retentionDays: number;
    /** Jobs waiting in the queue above which POST /jobs answers 429. */
    readonly maxBacklog: number;
  };
  /**
   * How often the sweeper runs (it queues scheduled jobs whose time nears and re-queues lost ones), and
   * how long a pending job may sit before it counts as lost.
   */
  readonly sweeper: { readonly schedule: string; readonly pendingAfterSeconds: number };
  /**
   * Jobs due later than this are stored `scheduled` and queued by the sweeper when their time nears;
   * sooner ones go on the queue at once with SQS's DelaySeconds. 1–900 (the default, SQS's longest
   * delay); shorter only to try the scheduled path without waiting 15 minutes.
   */
  readonly scheduleHorizonSeconds: number;
  /**
   * Seconds every finished job is kept, over each job type's own retention (default: none, so each
   * type's: 7 days completed and canceled, 30 days failed). At least 120; short only to try it.
   */
  readonly retentionSeconds?: number;
  /** Days CloudWatch keeps the functions' and the API's logs; one of {@link LOG_RETENTION_DAYS}. */
  readonly logRetentionDays: number;
  /** Put JobCompleted on the event bus too (failures always go there). Off: each event costs. */
  readonly publishCompletions: boolean;
  /**
   * X-Ray tracing from the API through SQS to the worker. Where nothing receives traces (the embedded
   * runtime has no X-Ray daemon) the functions do not load the tracer at all, so it costs nothing there.
   */
  readonly tracing: boolean;
  readonly alarms: {
    /** Alarm when the oldest queued job has waited longer than this. */
    readonly oldestMessageSeconds: number;
    /** Subscribed to the alarm topic; without it no SNS topic is created (alarms still show in CloudWatch). */
    readonly email?: string;
  };
}

/** How the jobs table is billed: see {@link SqsJobsSettings.table}. */
export type TableCapacity = 'onDemand' | 'provisioned';
export const TABLE_CAPACITY_MODES: readonly TableCapacity[] = ['onDemand', 'provisioned'];

/** How callers prove who they are: see {@link SqsJobsSettings.api}. */
export type ApiAuth = 'apiKey' | 'iam' | 'none';
export const API_AUTH_MODES: readonly ApiAuth[] = ['apiKey', 'iam', 'none'];

/** The retention periods CloudWatch Logs accepts (PutRetentionPolicy rejects any other number). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/**
 * Stages whose data may be deleted with the stack. Anything else (prod, staging, a new name nobody
 * thought about) keeps its tables and bucket, so forgetting to list a stage can only cost storage, never data.
 */
const THROWAWAY_STAGES: readonly string[] = ['local', 'dev', 'test', 'e2e'];

export function isThrowawayStage(stage: string): boolean {
  return THROWAWAY_STAGES.includes(stage) || /^pr-[a-z0-9-]+$/.test(stage);
}

export const DEFAULT_SETTINGS: SqsJobsSettings = {
  stage: 'local',
  worker: {
    timeoutSeconds: 60,
    memoryMb: 1024,
    batchSize: 10,
    batchingWindowSeconds: 0,
    maxConcurrency: 4,
    highPriorityConcurrency: 2,
    lowPriorityConcurrency: 2,
  },
  api: {
    timeoutSeconds: 10,
    memoryMb: 512,
    auth: 'apiKey',
    rateLimit: 100,
    burstLimit: 200,
    quotaPerDay: 1_000_000,
  },
  stats: { timeoutSeconds: 30, memoryMb: 512, schedule: 'rate(1 minute)' },
  table: {
    capacity: 'onDemand',
    minWriteCapacity: 5,
    maxWriteCapacity: 4000,
    minReadCapacity: 5,
    maxReadCapacity: 1000,
    targetUtilization: 70,
  },
  queue: { maxReceiveCount: 26, retentionDays: 14, maxBacklog: 10_000 },
  sweeper: { schedule: 'rate(1 minute)', pendingAfterSeconds: 900 },
  scheduleHorizonSeconds: 900,
  logRetentionDays: 30,
  publishCompletions: false,
  tracing: true,
  alarms: { oldestMessageSeconds: 900 },
};

/** The most attempts one job may ask for: below maxReceiveCount, and at most the core's own cap. */
export function maxAttemptsLimit(settings: SqsJobsSettings): number {
  return Math.min(25, settings.queue.maxReceiveCount - 1);
}

/** AWS recommends a queue visibility timeout of at least six times the consuming function's timeout. */
export function visibilityTimeoutSeconds(settings: SqsJobsSettings): number {
  return settings.worker.timeoutSeconds * 6;
}

export function settingsFromContext(node: Node, base: SqsJobsSettings = DEFAULT_SETTINGS): SqsJobsSettings {
  const num = (key: string, fallback: number): number => {
    const raw: unknown = node.tryGetContext(key);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value))
      throw new Error(`Context "${key}" must be a number, got ${JSON.stringify(raw)}.`);
    return value;
  };
  const str = (key: string, fallback: string): string => {
    const raw: unknown = node.tryGetContext(key);
    return raw === undefined ? fallback : String(raw);
  };
  const bool = (key: string, fallback: boolean): boolean => {
    const raw: unknown = node.tryGetContext(key);
    if (raw === undefined) return fallback;
    if (raw === true || raw === 'true') return true;
    if (raw === false || raw === 'false') return false;
    throw new Error(`Context "${key}" must be true or false, got ${JSON.stringify(raw)}.`);
  };
  const optionalNum = (key: 'retentionSeconds', fallback: number | undefined) => {
    const value = node.tryGetContext(key) === undefined ? fallback : num(key, 0);
    return value === undefined ? {} : { [key]: value };
  };
  const stage = str('stage', base.stage);
  const settings: SqsJobsSettings = {
    stage,
    worker: {
      timeoutSeconds: num('workerTimeoutSeconds', base.worker.timeoutSeconds),
      memoryMb: num('workerMemoryMb', base.worker.memoryMb),
      batchSize: num('workerBatchSize', base.worker.batchSize),
      batchingWindowSeconds: num('workerBatchingWindowSeconds', base.worker.batchingWindowSeconds),
      maxConcurrency: num('workerConcurrency', base.worker.maxConcurrency),
      highPriorityConcurrency: num('workerHighPriorityConcurrency', base.worker.highPriorityConcurrency),
      lowPriorityConcurrency: num('workerLowPriorityConcurrency', base.worker.lowPriorityConcurrency),
    },
    api: {
      ...base.api,
      // Keys on every stage, `local` too: a plain `cdk deploy` must never publish an open API. Opting
      // out takes -c auth=none, and synth warns about it (stack.ts). The embedded runtime serves the
      // template without checking keys or signatures unless started with --auth.
      auth: authFromContext(node, base.api.auth),
      rateLimit: num('apiRateLimit', base.api.rateLimit),
      burstLimit: num('apiBurstLimit', base.api.burstLimit),
      quotaPerDay: num('apiQuotaPerDay', base.api.quotaPerDay),
    },
    stats: { ...base.stats, schedule: str('statsSchedule', base.stats.schedule) },
    table: {
      capacity: oneOfContext(node, 'tableCapacity', TABLE_CAPACITY_MODES, base.table.capacity),
      minWriteCapacity: num('tableMinWriteCapacity', base.table.minWriteCapacity),
      maxWriteCapacity: num('tableMaxWriteCapacity', base.table.maxWriteCapacity),
      minReadCapacity: num('tableMinReadCapacity', base.table.minReadCapacity),
      maxReadCapacity: num('tableMaxReadCapacity', base.table.maxReadCapacity),
      targetUtilization: num('tableTargetUtilization', base.table.targetUtilization),
    },
    queue: {
      maxReceiveCount: num('maxReceiveCount', base.queue.maxReceiveCount),
      retentionDays: num('queueRetentionDays', base.queue.retentionDays),
      maxBacklog: num('maxBacklog', base.queue.maxBacklog),
    },
    sweeper: {
      schedule: str('sweeperSchedule', base.sweeper.schedule),
      pendingAfterSeconds: num('sweepPendingAfterSeconds', base.sweeper.pendingAfterSeconds),
    },
    scheduleHorizonSeconds: num('scheduleHorizonSeconds', base.scheduleHorizonSeconds),
    ...optionalNum('retentionSeconds', base.retentionSeconds),
    logRetentionDays: num('logRetentionDays', base.logRetentionDays),
    publishCompletions: bool('publishCompletions', base.publishCompletions),
    tracing: bool('tracing', base.tracing),
    alarms: {
      oldestMessageSeconds: num('alarmOldestMessageSeconds', base.alarms.oldestMessageSeconds),
      ...(node.tryGetContext('alarmEmail') !== undefined
        ? { email: str('alarmEmail', '') }
        : base.alarms.email !== undefined
          ? { email: base.alarms.email }
          : {}),
    },
  };
  validateSettings(settings);
  return settings;
}

/** A context value that must be one of `modes`, e.g. -c tableCapacity=provisioned. */
function oneOfContext<T extends string>(node: Node, key: string, modes: readonly T[], fallback: T): T {
  const raw: unknown = node.tryGetContext(key);
  if (raw === undefined) return fallback;
  const mode = modes.find((candidate) => candidate === raw);
  if (!mode)
    throw new Error(`Context "${key}" must be one of ${modes.join(', ')}, got ${JSON.stringify(raw)}.`);
  return mode;
}

function authFromContext(node: Node, fallback: ApiAuth): ApiAuth {
  if (node.tryGetContext('apiKeys') !== undefined)
    throw new Error(
      'Context "apiKeys" is now "auth": -c auth=apiKey (default), -c auth=iam or -c auth=none.',
    );
  return oneOfContext(node, 'auth', API_AUTH_MODES, fallback);
}

/** Reports every bad value at once, so one synth shows all that needs fixing. */
export function validateSettings(s: SqsJobsSettings): void {
  const problems: string[] = [];
  const check = (ok: boolean, message: string) => {
    if (!ok) problems.push(message);
  };
  check(
    /^[a-z][a-z0-9-]{0,19}$/.test(s.stage),
    `stage "${s.stage}" must be lowercase letters, digits or "-"`,
  );
  check(s.worker.timeoutSeconds >= 3 && s.worker.timeoutSeconds <= 900, 'workerTimeoutSeconds must be 3–900');
  check(s.worker.batchSize >= 1 && s.worker.batchSize <= 10_000, 'workerBatchSize must be 1–10000');
  check(
    s.worker.batchSize <= 10 || s.worker.batchingWindowSeconds > 0,
    'workerBatchSize above 10 needs workerBatchingWindowSeconds > 0',
  );
  check(
    s.worker.batchingWindowSeconds >= 0 && s.worker.batchingWindowSeconds <= 300,
    'batching window must be 0–300 s',
  );
  check(s.worker.maxConcurrency >= 2 && s.worker.maxConcurrency <= 1000, 'workerConcurrency must be 2–1000');
  check(
    s.worker.highPriorityConcurrency >= 2 && s.worker.highPriorityConcurrency <= 1000,
    'workerHighPriorityConcurrency must be 2–1000',
  );
  check(
    s.worker.lowPriorityConcurrency >= 2 && s.worker.lowPriorityConcurrency <= 1000,
    'workerLowPriorityConcurrency must be 2–1000',
  );
  check(
    s.queue.maxReceiveCount >= 4 && s.queue.maxReceiveCount <= 1000,
    'maxReceiveCount must be 4–1000 (jobs get up to maxReceiveCount - 1 attempts, default 3)',
  );
  check(s.api.rateLimit >= 1, 'apiRateLimit must be at least 1 request/s');
  check(
    s.api.burstLimit >= 1 && s.api.burstLimit >= s.api.rateLimit,
    'apiBurstLimit must be at least 1 and at least apiRateLimit',
  );
  check(
    Number.isInteger(s.api.quotaPerDay) && s.api.quotaPerDay >= 1,
    'apiQuotaPerDay must be a whole number ≥ 1',
  );
  check(s.queue.maxBacklog >= 1, 'maxBacklog must be at least 1');
  check(
    TABLE_CAPACITY_MODES.includes(s.table.capacity),
    `tableCapacity must be one of ${TABLE_CAPACITY_MODES.join(', ')}`,
  );
  for (const kind of ['Write', 'Read'] as const) {
    const min = s.table[`min${kind}Capacity`];
    const max = s.table[`max${kind}Capacity`];
    check(
      Number.isInteger(min) && Number.isInteger(max) && min >= 1 && min <= max && max <= 40_000,
      `tableMin${kind}Capacity and tableMax${kind}Capacity must be whole numbers, 1 ≤ min ≤ max ≤ 40000`,
    );
  }
  check(
    s.table.targetUtilization >= 20 && s.table.targetUtilization <= 90,
    'tableTargetUtilization must be 20–90 (percent)',
  );
  check(s.sweeper.pendingAfterSeconds >= 60, 'sweepPendingAfterSeconds must be at least 60');
  check(
    Number.isInteger(s.scheduleHorizonSeconds) &&
      s.scheduleHorizonSeconds >= 1 &&
      s.scheduleHorizonSeconds <= 900,
    'scheduleHorizonSeconds must be a whole number 1–900 (SQS delays messages at most 900 s)',
  );
  check(
    s.retentionSeconds === undefined ||
      (Number.isInteger(s.retentionSeconds) &&
        s.retentionSeconds >= MIN_RETENTION_SECONDS &&
        s.retentionSeconds <= MAX_RETENTION_SECONDS),
    `retentionSeconds must be a whole number ${MIN_RETENTION_SECONDS}–${MAX_RETENTION_SECONDS}`,
  );
  check(
    visibilityTimeoutSeconds(s) <= 43_200,
    'six times the worker timeout must fit the 12 h visibility limit',
  );
  check(s.queue.retentionDays >= 1 && s.queue.retentionDays <= 14, 'queueRetentionDays must be 1–14');
  check(
    (LOG_RETENTION_DAYS as readonly number[]).includes(s.logRetentionDays),
    `logRetentionDays must be one CloudWatch accepts: ${LOG_RETENTION_DAYS.join(', ')}`,
  );
  check(s.alarms.oldestMessageSeconds >= 60, 'alarmOldestMessageSeconds must be at least 60');
  check(
    s.alarms.email === undefined || /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(s.alarms.email),
    `alarmEmail "${s.alarms.email}" is not an e-mail address`,
  );
  if (problems.length > 0) throw new Error(`Invalid sqs-jobs settings:\n  - ${problems.join('\n  - ')}`);
}

/** How many worker instances may run at once: the shares of the three priorities added up. */
export function workerConcurrencyOf(settings: SqsJobsSettings): number {
  const { maxConcurrency, highPriorityConcurrency, lowPriorityConcurrency } = settings.worker;
  return maxConcurrency + highPriorityConcurrency + lowPriorityConcurrency;
}
