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

export interface SweeperConfig {
  /** Seconds every finished job is kept, over each type's retention; unset: each type's. */
  readonly retentionSeconds: number | undefined;
  readonly jobsTable: string;
  readonly jobsByStatusIndex: string;
  /** The jobs queue of each priority. */
  readonly queueUrls: PerPriority<string>;
  readonly pendingAfterSeconds: number;
  /** For the jobs schedules submit, as the API submits them. */
  readonly maxAttemptsLimit: number;
  readonly scheduleHorizonSeconds: number;
}

export function loadSweeperConfig(): SweeperConfig {
  return {
    retentionSeconds: optionalRetention(),
    jobsTable: requireEnv(ENV.jobsTable),
    jobsByStatusIndex: requireEnv(ENV.jobsByStatusIndex),
    queueUrls: requireQueueUrls(),
    pendingAfterSeconds: requireIntEnv(ENV.sweepPendingAfterSeconds),
    maxAttemptsLimit: requireIntEnv(ENV.maxAttempts),
    scheduleHorizonSeconds: optionalIntEnv(ENV.scheduleHorizonSeconds, MAX_QUEUE_DELAY_SECONDS),
  };
}
