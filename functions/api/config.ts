import { requireEnv, requireIntEnv } from '../shared/env.ts';
import { ENV } from '../shared/env-names.ts';

export interface ApiConfig {
  readonly jobsTable: string;
  readonly jobsByStatusIndex: string;
  readonly statsTable: string;
  readonly jobsQueueUrl: string;
  readonly deadLetterQueueUrl: string;
  readonly maxBacklog: number;
  readonly maxAttemptsLimit: number;
  readonly workerConcurrency: number;
  readonly stage: string;
}

export function loadApiConfig(): ApiConfig {
  return {
    jobsTable: requireEnv(ENV.jobsTable),
    jobsByStatusIndex: requireEnv(ENV.jobsByStatusIndex),
    statsTable: requireEnv(ENV.statsTable),
    jobsQueueUrl: requireEnv(ENV.jobsQueueUrl),
    deadLetterQueueUrl: requireEnv(ENV.deadLetterQueueUrl),
    maxBacklog: requireIntEnv(ENV.maxBacklog),
    maxAttemptsLimit: requireIntEnv(ENV.maxAttempts),
    workerConcurrency: requireIntEnv(ENV.workerConcurrency),
    stage: requireEnv(ENV.stage),
  };
}
