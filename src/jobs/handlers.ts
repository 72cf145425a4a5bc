import type { HandlerRegistry } from '../core/registry.ts';
import { cleanup } from './cleanup.ts';
import { data } from './data.ts';
import { email } from './email.ts';
import { flaky } from './flaky.ts';
import { noop } from './noop.ts';
import { report } from './report.ts';
import { resize } from './resize.ts';
import { sleep } from './sleep.ts';
import type { JobSpecs } from './specs.ts';

/** The worker's side of specs.ts: a job type without a handler here does not compile. */
export const jobHandlers: HandlerRegistry<JobSpecs> = {
  noop,
  sleep,
  flaky,
  email,
  resize,
  cleanup,
  data,
  report,
};
