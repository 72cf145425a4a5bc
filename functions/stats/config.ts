import { optionalIntEnv, requireEnv, requireIntEnv } from '../shared/env.ts';
import { ENV } from '../shared/env-names.ts';

export interface StatsConfig {
  readonly jobsTable: string;
  readonly jobsByStatusIndex: string;
  readonly statsTable: string;
  readonly jobsQueueUrl: string;
  readonly deadLetterQueueUrl: string;
  readonly workerConcurrency: number;
  /** For the cost estimate: the worker's memory (MB). */
  readonly workerMemoryMb: number;
}

export function loadStatsConfig(): StatsConfig {
  return {
    jobsTable: requireEnv(ENV.jobsTable),
    jobsByStatusIndex: requireEnv(ENV.jobsByStatusIndex),
    statsTable: requireEnv(ENV.statsTable),
    jobsQueueUrl: requireEnv(ENV.jobsQueueUrl),
    deadLetterQueueUrl: requireEnv(ENV.deadLetterQueueUrl),
    workerConcurrency: requireIntEnv(ENV.workerConcurrency),
    workerMemoryMb: optionalIntEnv(ENV.workerMemoryMb, 1024),
  };
}
