/**
 * The typed client of an sqs-jobs API (`sqs-jobs/client`). It imports no schema, handler or zod at
 * run time: type it with your registry (`createClient<typeof jobs>`) through `import type`.
 */

export type { SqsJobsBatches } from './batches.ts';
export { createClient, type SqsJobsClient } from './client.ts';
export { InvalidArgumentError, SqsJobsApiError, SqsJobsClientError, WaitTimeoutError } from './errors.ts';
export type { ClientOptions } from './options.ts';
export { DEFAULT_MAX_RETRIES, MAX_RETRY_DELAY_MS } from './retry.ts';
export type { SqsJobsSchedules } from './schedules.ts';
export type * from './types.ts';
