/** Environment variable names the stack sets and the functions read: one list for both sides. */
export const ENV = {
  jobsTable: 'JOBS_TABLE_NAME',
  jobsByStatusIndex: 'JOBS_BY_STATUS_INDEX',
  statsTable: 'STATS_TABLE_NAME',
  /** The queues of the three priorities (src/core/priority.ts). */
  jobsQueueUrl: 'JOBS_QUEUE_URL',
  highPriorityQueueUrl: 'HIGH_PRIORITY_QUEUE_URL',
  lowPriorityQueueUrl: 'LOW_PRIORITY_QUEUE_URL',
  deadLetterQueueUrl: 'DEAD_LETTER_QUEUE_URL',
  filesBucket: 'FILES_BUCKET_NAME',
  workerConcurrency: 'WORKER_CONCURRENCY',
  /** The worker function's memory, for the stats' cost estimate (optional; 1024 MB if unset). */
  workerMemoryMb: 'WORKER_MEMORY_MB',
  /** Set by Lambda (and the embedded runtime): names the execution environment, i.e. the worker instance. */
  lambdaLogStream: 'AWS_LAMBDA_LOG_STREAM_NAME',
  stage: 'SQS_JOBS_STAGE',
  /** The EventBridge bus failures (and, if asked, completions) are put on. */
  eventBusName: 'EVENT_BUS_NAME',
  publishCompletions: 'PUBLISH_COMPLETIONS',
  maxBacklog: 'MAX_BACKLOG',
  maxAttempts: 'MAX_ATTEMPTS_LIMIT',
  sweepPendingAfterSeconds: 'SWEEP_PENDING_AFTER_SECONDS',
  /** Jobs due later than this many seconds are stored scheduled (optional; 900 if unset). */
  scheduleHorizonSeconds: 'SCHEDULE_HORIZON_SECONDS',
  /** Seconds every finished job is kept, over each type's retention (optional: each type's if unset). */
  retentionSeconds: 'RETENTION_SECONDS',
} as const;
