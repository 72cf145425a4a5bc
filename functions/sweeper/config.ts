import { requireEnv, requireIntEnv } from '../shared/env.ts';
import { ENV } from '../shared/env-names.ts';

export interface SweeperConfig {
  readonly jobsTable: string;
  readonly jobsByStatusIndex: string;
  readonly jobsQueueUrl: string;
  readonly pendingAfterSeconds: number;
}

export function loadSweeperConfig(): SweeperConfig {
  return {
    jobsTable: requireEnv(ENV.jobsTable),
    jobsByStatusIndex: requireEnv(ENV.jobsByStatusIndex),
    jobsQueueUrl: requireEnv(ENV.jobsQueueUrl),
    pendingAfterSeconds: requireIntEnv(ENV.sweepPendingAfterSeconds),
  };
}
