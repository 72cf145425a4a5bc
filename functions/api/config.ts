import type { PerPriority } from '../../src/core/priority.ts';
import { MAX_QUEUE_DELAY_SECONDS } from '../../src/core/timing.ts';
import {
  optionalIntEnv,
  optionalRetention,
  requireEnv,
  requireIntEnv,
  requireQueueUrls,
} from '../shared/env.ts';
import { ENV } from '../shared/env-names.ts';

export interface ApiConfig {
  /** Seconds every finished job is kept, over each type's retention; unset: each type's. */
  readonly retentionSeconds: number | undefined;
  readonly jobsTable: string;
  readonly jobsByStatusIndex: string;
  readonly statsTable: string;
  /** The jobs queue of each priority. */
  readonly queueUrls: PerPriority<string>;
  readonly deadLetterQueueUrl: string;
  readonly maxBacklog: number;
  readonly maxAttemptsLimit: number;
  readonly workerConcurrency: number;
  readonly scheduleHorizonSeconds: number;
  readonly stage: string;
}

export function loadApiConfig(): ApiConfig {
  return {
    retentionSeconds: optionalRetention(),
    jobsTable: requireEnv(ENV.jobsTable),
    jobsByStatusIndex: requireEnv(ENV.jobsByStatusIndex),
    statsTable: requireEnv(ENV.statsTable),
    queueUrls: requireQueueUrls(),
    deadLetterQueueUrl: requireEnv(ENV.deadLetterQueueUrl),
    maxBacklog: requireIntEnv(ENV.maxBacklog),
    maxAttemptsLimit: requireIntEnv(ENV.maxAttempts),
    workerConcurrency: requireIntEnv(ENV.workerConcurrency),
    scheduleHorizonSeconds: optionalIntEnv(ENV.scheduleHorizonSeconds, MAX_QUEUE_DELAY_SECONDS),
    stage: requireEnv(ENV.stage),
  };
}
