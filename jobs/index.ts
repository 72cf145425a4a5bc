import { defineJobs, defineSchedules } from '../src/index.ts';
import { cleanup } from './cleanup.ts';
import { data } from './data.ts';
import { email } from './email.ts';
import { flaky } from './flaky.ts';
import { noop } from './noop.ts';
import { report } from './report.ts';
import { resize } from './resize.ts';
import { sleep } from './sleep.ts';

/**
 * This repository's job types, written as any user of sqs-jobs writes theirs: the construct in
 * infra/ bundles this module into the worker and the API.
 */
export const jobs = defineJobs({ noop, sleep, flaky, email, resize, cleanup, data, report });
export default jobs;

export type Jobs = typeof jobs;

/**
 * Recurring schedules, declared next to the job types: the sweeper keeps them as written here (the
 * API can add others at run time, but not change these). Old scratch files go every hour.
 */
export const schedules = defineSchedules<Jobs>({
  'cleanup-tmp': {
    schedule: 'rate(1 hour)',
    type: 'cleanup',
    payload: { prefix: 'tmp/', olderThanSeconds: 86_400 },
  },
});
