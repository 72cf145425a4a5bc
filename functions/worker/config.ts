import { requireEnv } from '../shared/env.ts';
import { ENV } from '../shared/env-names.ts';

export interface WorkerConfig {
  readonly jobsTable: string;
  readonly jobsByStatusIndex: string;
  readonly jobsQueueUrl: string;
  readonly filesBucket: string;
}

export function loadWorkerConfig(): WorkerConfig {
  return {
    jobsTable: requireEnv(ENV.jobsTable),
    jobsByStatusIndex: requireEnv(ENV.jobsByStatusIndex),
    jobsQueueUrl: requireEnv(ENV.jobsQueueUrl),
    filesBucket: requireEnv(ENV.filesBucket),
  };
}
