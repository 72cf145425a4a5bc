import type { PerPriority } from '../../src/core/priority.ts';
import { optionalIntEnv, requireEnv, requireIntEnv, requireQueueUrls } from '../shared/env.ts';
import { ENV } from '../shared/env-names.ts';

export interface StatsConfig {
  readonly jobsTable: string;
  readonly jobsByStatusIndex: string;
  readonly statsTable: string;
  /** The jobs queue of each priority. */
  readonly queueUrls: PerPriority<string>;
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
    queueUrls: requireQueueUrls(),
    deadLetterQueueUrl: requireEnv(ENV.deadLetterQueueUrl),
    workerConcurrency: requireIntEnv(ENV.workerConcurrency),
    workerMemoryMb: optionalIntEnv(ENV.workerMemoryMb, 1024),
  };
}
