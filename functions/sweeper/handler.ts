import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import { createAwsClients } from '../../src/adapters/aws/clients.ts';
import { createDynamoIdempotencyKeys } from '../../src/adapters/dynamodb/idempotency-keys.ts';
import { createDynamoJobStore } from '../../src/adapters/dynamodb/job-store.ts';
import { createDynamoScheduleStore } from '../../src/adapters/dynamodb/schedule-store.ts';
import { createSqsJobQueue } from '../../src/adapters/sqs/job-queue.ts';
import { systemClock } from '../../src/core/ports.ts';
import type { JobRegistry } from '../../src/core/registry.ts';
import type { ScheduleSpec } from '../../src/core/schedule/schedule.ts';
import { fireDueSchedules } from '../../src/core/use-cases/fire-due-schedules.ts';
import { syncDeclaredSchedules } from '../../src/core/use-cases/manage-schedules.ts';
import { DEFAULT_SWEEP, sweepJobs } from '../../src/core/use-cases/sweep-jobs.ts';
import { loadSweeperConfig } from './config.ts';

/**
 * The sweeper's Lambda handler for an app's job types and declared schedules (the construct bundles
 * an entry that calls this with the app's jobs module). Every minute: recurring schedules fire,
 * scheduled jobs whose time nears are queued, lost jobs are queued again.
 */
export function createSweeperHandler(jobs: JobRegistry, declared: Readonly<Record<string, ScheduleSpec>>) {
  const config = loadSweeperConfig();
  const aws = createAwsClients();
  const logger = new Logger();
  const table = { client: aws.dynamo, tableName: config.jobsTable, byStatusIndex: config.jobsByStatusIndex };
  const store = createDynamoJobStore(table);
  const schedules = createDynamoScheduleStore(table);
  const queue = createSqsJobQueue(aws.sqs, { queueUrls: config.queueUrls });
  const submit = {
    store,
    keys: createDynamoIdempotencyKeys(table),
    queue,
    specs: jobs,
    clock: systemClock,
    newId: randomUUID,
    maxAttemptsLimit: config.maxAttemptsLimit,
    scheduleHorizonSeconds: config.scheduleHorizonSeconds,
  };
  // Once per execution environment, so after each deploy: the declared schedules as the module has them.
  let synced: Promise<void> | undefined;
  const sync = async () => {
    const outcome = await syncDeclaredSchedules(
      { schedules, specs: jobs, clock: systemClock, maxAttemptsLimit: config.maxAttemptsLimit },
      declared,
    );
    if (outcome.conflicts.length > 0)
      logger.error('declared schedules share a name with schedules made through the API; those were kept', {
        names: outcome.conflicts,
      });
  };

  return middy(async () => {
    synced ??= sync().catch((error: unknown) => {
      synced = undefined;
      throw error;
    });
    await synced;
    const firings = await fireDueSchedules({ schedules, submit, clock: systemClock });
    const result = await sweepJobs(
      {
        store,
        queue,
        clock: systemClock,
        retention: {
          specs: jobs,
          ...(config.retentionSeconds === undefined ? {} : { retentionSeconds: config.retentionSeconds }),
        },
      },
      { ...DEFAULT_SWEEP, pendingAfterSeconds: config.pendingAfterSeconds },
    );
    if (firings.refused > 0)
      logger.warn('schedules fired without a job (see their lastError)', { ...firings });
    if (result.requeuedPending + result.requeuedRunning > 0)
      logger.warn('sweeper re-queued lost jobs', { ...result });
    if (result.unblocked > 0)
      logger.warn('sweeper moved on waiting jobs whose dependencies ended untold', { ...result });
    return { ...result, ...firings };
  });
}
