/** Environment variable names the stack sets and the functions read: one list for both sides. */
export const ENV = {
  jobsTable: 'JOBS_TABLE_NAME',
  jobsByStatusIndex: 'JOBS_BY_STATUS_INDEX',
  statsTable: 'STATS_TABLE_NAME',
  jobsQueueUrl: 'JOBS_QUEUE_URL',
  deadLetterQueueUrl: 'DEAD_LETTER_QUEUE_URL',
  filesBucket: 'FILES_BUCKET_NAME',
  workerConcurrency: 'WORKER_CONCURRENCY',
  stage: 'SQS_JOBS_STAGE',
  maxBacklog: 'MAX_BACKLOG',
  maxAttempts: 'MAX_ATTEMPTS_LIMIT',
  sweepPendingAfterSeconds: 'SWEEP_PENDING_AFTER_SECONDS',
} as const;
