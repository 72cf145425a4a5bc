import type { Node } from 'constructs';

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
    /** SQS event source maximum concurrency (2–1000): how many worker instances run at once. */
    readonly maxConcurrency: number;
  };
  readonly api: { readonly timeoutSeconds: number; readonly memoryMb: number };
  readonly stats: { readonly timeoutSeconds: number; readonly memoryMb: number; readonly schedule: string };
  readonly queue: {
    /** Receives before SQS moves a message to the dead-letter queue. */
    readonly maxReceiveCount: number;
    readonly retentionDays: number;
  };
}

export const DEFAULT_SETTINGS: SqsJobsSettings = {
  stage: 'local',
  worker: { timeoutSeconds: 60, memoryMb: 1024, batchSize: 10, batchingWindowSeconds: 0, maxConcurrency: 4 },
  api: { timeoutSeconds: 10, memoryMb: 512 },
  stats: { timeoutSeconds: 30, memoryMb: 512, schedule: 'rate(1 minute)' },
  queue: { maxReceiveCount: 5, retentionDays: 14 },
};

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
  const settings: SqsJobsSettings = {
    stage: str('stage', base.stage),
    worker: {
      timeoutSeconds: num('workerTimeoutSeconds', base.worker.timeoutSeconds),
      memoryMb: num('workerMemoryMb', base.worker.memoryMb),
      batchSize: num('workerBatchSize', base.worker.batchSize),
      batchingWindowSeconds: num('workerBatchingWindowSeconds', base.worker.batchingWindowSeconds),
      maxConcurrency: num('workerConcurrency', base.worker.maxConcurrency),
    },
    api: base.api,
    stats: { ...base.stats, schedule: str('statsSchedule', base.stats.schedule) },
    queue: {
      maxReceiveCount: num('maxReceiveCount', base.queue.maxReceiveCount),
      retentionDays: num('queueRetentionDays', base.queue.retentionDays),
    },
  };
  validateSettings(settings);
  return settings;
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
  check(s.queue.maxReceiveCount >= 1 && s.queue.maxReceiveCount <= 1000, 'maxReceiveCount must be 1–1000');
  check(
    visibilityTimeoutSeconds(s) <= 43_200,
    'six times the worker timeout must fit the 12 h visibility limit',
  );
  check(s.queue.retentionDays >= 1 && s.queue.retentionDays <= 14, 'queueRetentionDays must be 1–14');
  if (problems.length > 0) throw new Error(`Invalid sqs-jobs settings:\n  - ${problems.join('\n  - ')}`);
}
