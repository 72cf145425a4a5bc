import type { PerPriority } from '../../src/core/priority.ts';
import { optionalEnv, optionalRetention, requireEnv, requireQueueUrls } from '../shared/env.ts';
import { ENV } from '../shared/env-names.ts';

export interface WorkerConfig {
  /** Seconds every finished job is kept, over each type's retention; unset: each type's. */
  readonly retentionSeconds: number | undefined;
  readonly jobsTable: string;
  readonly jobsByStatusIndex: string;
  /** Where holds by job limits are counted for the stats. */
  readonly statsTable: string;
  /** The jobs queue of each priority. */
  readonly queueUrls: PerPriority<string>;
  readonly deadLetterQueueUrl: string;
  readonly filesBucket: string;
  /** This execution environment (its log stream), recorded on each claim; unset outside Lambda. */
  readonly workerId: string | undefined;
  readonly stage: string;
  /** The stack's EventBridge bus: failures go there (and completions when publishCompletions). */
  readonly eventBusName: string;
  readonly publishCompletions: boolean;
}

export function loadWorkerConfig(): WorkerConfig {
  return {
    retentionSeconds: optionalRetention(),
    jobsTable: requireEnv(ENV.jobsTable),
    jobsByStatusIndex: requireEnv(ENV.jobsByStatusIndex),
    statsTable: requireEnv(ENV.statsTable),
    queueUrls: requireQueueUrls(),
    deadLetterQueueUrl: requireEnv(ENV.deadLetterQueueUrl),
    filesBucket: requireEnv(ENV.filesBucket),
    workerId: optionalEnv(ENV.lambdaLogStream),
    stage: requireEnv(ENV.stage),
    eventBusName: requireEnv(ENV.eventBusName),
    publishCompletions: optionalEnv(ENV.publishCompletions) === 'true',
  };
}
