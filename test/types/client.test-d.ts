// Compile-time checks of the client's types, run by `npm run typecheck` (tsc): each @ts-expect-error
// must be an error, and each expectTypeOf must hold. Nothing here runs.
import { expectTypeOf } from 'vitest';
import {
  type BatchCallback,
  type BatchCanceled,
  type BatchListEntry,
  type BatchSummary,
  type BatchView,
  createClient,
  type FinishedJob,
  type JobId,
  type JobProgress,
  type JobStatus,
  type JobSummary,
  type Priority,
  type Schedule,
  type ScheduleSpec,
} from '../../src/client/index.ts';
import type { listBatches } from '../../src/core/use-cases/batches.ts';
import type {
  BatchSummary as HandlerBatchSummary,
  JobProgress as HandlerJobProgress,
} from '../../src/index.ts';
import type { Producer } from '../../src/producer/index.ts';
import type { jobs } from '../fixtures/client/jobs.ts';

type Jobs = typeof jobs;
type EmailResult = { messageId: string; accepted: string[] };
type ResizeResult = { key: string; width: number };

const client = createClient<Jobs>({ url: 'http://127.0.0.1:8080' });
declare const producer: Producer<Jobs>;

export async function enqueueIsCheckedAgainstTheSchemas(): Promise<void> {
  await client.enqueue('email', { to: 'ada@example.com' });
  await client.enqueue('email', { to: 'ada@example.com', subject: 'Hi' }, { maxAttempts: 5 });
  // A field with a default may be left out: the payload is the schema's input.
  await client.enqueue('resize', { file: 'img.png' });
  // Every field optional: the payload may be left out.
  await client.enqueue('noop');
  await client.enqueue('noop', {}, { maxAttempts: 1 });

  // @ts-expect-error an unknown job type
  await client.enqueue('sms', { to: '+4412345' });
  // @ts-expect-error a required field is missing
  await client.enqueue('email', { subject: 'Hi' });
  // @ts-expect-error the payload is required when a field is
  await client.enqueue('email');
  // @ts-expect-error a field of the wrong type
  await client.enqueue('email', { to: 42 });
  // @ts-expect-error a field the schema does not have
  await client.enqueue('email', { to: 'ada@example.com', cc: 'bob@example.com' });
  // @ts-expect-error another type's payload
  await client.enqueue('resize', { to: 'ada@example.com' });
  // @ts-expect-error an option the API does not know
  await client.enqueue('email', { to: 'ada@example.com' }, { attempts: 5 });
}

export async function aLaterStartIsADelayOrATimeNotBoth(): Promise<void> {
  await client.enqueue('email', { to: 'ada@example.com' }, { delaySeconds: 600 });
  await client.enqueue('email', { to: 'ada@example.com' }, { runAt: new Date(), maxAttempts: 2 });
  await client.enqueue('noop', {}, { runAt: '2026-12-01T09:30:00+01:00' });
  await client.enqueueBatch([
    { type: 'noop', delaySeconds: 60 },
    { type: 'email', payload: { to: 'ada@example.com' }, runAt: new Date() },
  ]);

  // @ts-expect-error delaySeconds is a number of seconds
  await client.enqueue('noop', {}, { delaySeconds: '60' });
  // @ts-expect-error runAt is a Date or an ISO 8601 string
  await client.enqueue('noop', {}, { runAt: 1_767_225_600_000 });
  // @ts-expect-error a delay or a time, not both
  await client.enqueue('noop', {}, { delaySeconds: 60, runAt: new Date() });
  // @ts-expect-error runAt is a Date or an ISO 8601 string, in a batch too
  await client.enqueueBatch([{ type: 'noop', runAt: 1_767_225_600_000 }]);
  // @ts-expect-error a delay or a time, not both, in a batch too
  await client.enqueueBatch([{ type: 'noop', delaySeconds: 60, runAt: '2026-12-01T09:30:00Z' }]);
}

export async function rescheduleTakesExactlyOneNewStart(): Promise<void> {
  const { id } = await client.enqueue('email', { to: 'ada@example.com' }, { delaySeconds: 86_400 });
  const moved = await client.reschedule(id, { runAt: new Date() });
  expectTypeOf(moved.id).toEqualTypeOf<JobId<'email'>>();
  expectTypeOf(moved.status).toEqualTypeOf<JobStatus>();
  expectTypeOf(moved.runAt).toEqualTypeOf<string | undefined>();
  await client.reschedule(id, { runAt: '2026-12-01T09:30:00Z' });
  await client.reschedule(id, { delaySeconds: 0 });

  // @ts-expect-error a new start is required
  await client.reschedule(id, {});
  // @ts-expect-error one new start, not both
  await client.reschedule(id, { runAt: new Date(), delaySeconds: 60 });
  // @ts-expect-error delaySeconds is a number of seconds
  await client.reschedule(id, { delaySeconds: '60' });
  // @ts-expect-error runAt is a Date or an ISO 8601 string
  await client.reschedule(id, { runAt: 1_767_225_600_000 });
}

export async function dependenciesAreIdsOrBatchPositions(): Promise<void> {
  const first = await client.enqueue('noop');
  await client.enqueue('noop', {}, { dependsOn: [first.id], onDependencyFailure: 'run' });
  // @ts-expect-error a dependent starts when its dependencies end: no start of its own
  await client.enqueue('noop', {}, { dependsOn: [first.id], delaySeconds: 5 });
  // @ts-expect-error a position names a batch item; enqueue names jobs by id
  await client.enqueue('noop', {}, { dependsOn: [0] });
  // @ts-expect-error an unknown policy
  await client.enqueue('noop', {}, { dependsOn: [first.id], onDependencyFailure: 'ignore' });
  await client.enqueueBatch([{ type: 'noop' }, { type: 'noop', dependsOn: [0, first.id] }]);
}

export async function idsCarryTheirJobType(): Promise<void> {
  const email = await client.enqueue('email', { to: 'ada@example.com' });
  expectTypeOf(email.id).toEqualTypeOf<JobId<'email'>>();
  // A new job is pending, scheduled or waiting (or ended by its dependency's end); only a duplicate
  // (an idempotency key's first job) may be running or completed.
  if (email.duplicate) expectTypeOf(email.status).toEqualTypeOf<JobStatus>();
  else
    expectTypeOf(email.status).toEqualTypeOf<'pending' | 'scheduled' | 'waiting' | 'failed' | 'canceled'>();
  expectTypeOf(email.duplicate).toEqualTypeOf<true | undefined>();
  expectTypeOf(email.runAt).toEqualTypeOf<string | undefined>();
  // At run time an id is a string, and any string is accepted as one.
  expectTypeOf(email.id).toExtend<string>();
  await client.get('3f0c8a9e-0000-4000-8000-000000000000');

  // @ts-expect-error an email job's id is not a noop job's
  await client.get<'noop'>(email.id);
}

export async function waitForResolvesWithTheHandlersResult(): Promise<void> {
  const { id } = await client.enqueue('email', { to: 'ada@example.com' });
  const job = await client.waitFor(id, { timeoutMs: 10_000 });
  expectTypeOf(job.type).toEqualTypeOf<'email'>();
  expectTypeOf(job.status).toEqualTypeOf<'completed' | 'failed' | 'canceled'>();
  expectTypeOf(job.result).toEqualTypeOf<EmailResult | undefined>();
  if (job.status === 'completed') expectTypeOf(job.result).toEqualTypeOf<EmailResult>();
  expectTypeOf(job.payload).toEqualTypeOf<{ to: string; subject?: string | undefined }>();
  expectTypeOf(job).toEqualTypeOf<FinishedJob<Jobs, 'email'>>();

  const resize = await client.waitFor((await client.enqueue('resize', { file: 'a.png' })).id);
  if (resize.status === 'completed') expectTypeOf(resize.result).toEqualTypeOf<ResizeResult>();
  // The stored payload is the schema's output: the default is filled in.
  expectTypeOf(resize.payload.width).toEqualTypeOf<number>();

  const noop = await client.waitFor((await client.enqueue('noop')).id);
  if (noop.status === 'completed') expectTypeOf(noop.result).toEqualTypeOf<null>();

  // A plain string id: any type; narrowing on `type` gives that type's result.
  const unknown = await client.waitFor('3f0c8a9e-0000-4000-8000-000000000000');
  expectTypeOf(unknown.type).toEqualTypeOf<'email' | 'resize' | 'noop'>();
  if (unknown.status === 'completed' && unknown.type === 'resize')
    expectTypeOf(unknown.result).toEqualTypeOf<ResizeResult>();
}

export async function waitForHearsProgressTypedByTheJob(): Promise<void> {
  const { id } = await client.enqueue('email', { to: 'ada@example.com' });
  await client.waitFor(id, {
    onProgress: (progress, job) => {
      expectTypeOf(progress).toEqualTypeOf<JobProgress>();
      expectTypeOf(progress.percent).toEqualTypeOf<number>();
      expectTypeOf(progress.message).toEqualTypeOf<string | undefined>();
      expectTypeOf(progress.at).toEqualTypeOf<string>();
      // The status view it came in: typed by the job's type, without payload or result.
      expectTypeOf(job.type).toEqualTypeOf<'email'>();
      expectTypeOf(job.status).toEqualTypeOf<JobStatus>();
      expectTypeOf(job).not.toHaveProperty('payload');
    },
  });
  // A plain string id: any type's view.
  await client.waitFor('3f0c8a9e-0000-4000-8000-000000000000', {
    onProgress: (_progress, job) => expectTypeOf(job.type).toEqualTypeOf<'email' | 'resize' | 'noop'>(),
  });
  // The job and its status view carry the latest report; the handler's side names the same type.
  expectTypeOf((await client.get(id)).progress).toEqualTypeOf<JobProgress | undefined>();
  expectTypeOf((await client.jobStatus(id)).progress).toEqualTypeOf<JobProgress | undefined>();
  expectTypeOf<HandlerJobProgress>().toEqualTypeOf<JobProgress>();

  // @ts-expect-error onProgress is a function
  await client.waitFor(id, { onProgress: 'log' });
  // @ts-expect-error the report's fields are read-only
  await client.waitFor(id, { onProgress: (progress) => (progress.percent = 100) });
  // @ts-expect-error an email job's view is not a resize job's
  await client.waitFor<'email'>(id, { onProgress: (_p, job: { type: 'resize' }) => job });
}

export async function theOtherMethodsAreTyped(): Promise<void> {
  const { id } = await client.enqueue('email', { to: 'ada@example.com' });
  const full = await client.get(id);
  expectTypeOf(full.result).toEqualTypeOf<EmailResult | undefined>();
  expectTypeOf(full.runAt).toEqualTypeOf<string | undefined>();
  expectTypeOf(full.status).toEqualTypeOf<JobStatus>();
  expectTypeOf<'scheduled'>().toExtend<JobStatus>();
  expectTypeOf((await client.jobStatus(id)).runAt).toEqualTypeOf<string | undefined>();
  const view = await client.jobStatus(id);
  expectTypeOf(view.type).toEqualTypeOf<'email'>();
  expectTypeOf(view).not.toHaveProperty('payload');

  for await (const job of client.list({ type: 'email', status: 'failed', limit: 10 })) {
    expectTypeOf(job).toEqualTypeOf<JobSummary<Jobs, 'email'>>();
    expectTypeOf(job).not.toHaveProperty('payload');
  }
  for await (const job of client.list()) expectTypeOf(job.type).toEqualTypeOf<'email' | 'resize' | 'noop'>();
  // @ts-expect-error not a job type
  client.list({ type: 'sms' });
  // @ts-expect-error not a status
  client.list({ status: 'done' });
  for await (const job of client.list({ status: 'scheduled' }))
    expectTypeOf(job.runAt).toEqualTypeOf<string | undefined>();

  await client.retry(id);
  await client.retry(id, { payload: { to: 'bob@example.com' } });
  // @ts-expect-error the new payload is checked against the job's type
  await client.retry(id, { payload: { to: 42 } });

  const canceled = await client.cancel(id);
  expectTypeOf(canceled.id).toEqualTypeOf<JobId<'email'>>();

  const redriven = await client.redrive({ type: 'email' });
  expectTypeOf(redriven.more).toEqualTypeOf<boolean>();
  await client.redrive();
  await client.redrive({ ids: [id] });
  // @ts-expect-error not a job type
  await client.redrive({ type: 'sms' });

  expectTypeOf((await client.status()).pending).toEqualTypeOf<number>();
  expectTypeOf((await client.stats({ hours: 6 })).history).toExtend<readonly unknown[]>();
}

export async function batchJobsAreCheckedEachAgainstItsOwnType(): Promise<void> {
  const answer = await client.enqueueBatch([
    { type: 'email', payload: { to: 'ada@example.com' } },
    { type: 'resize', payload: { file: 'img.png' }, maxAttempts: 2 },
    // Every field optional: the payload may be left out.
    { type: 'noop' },
  ]);
  const [first] = answer.results;
  if (first?.accepted) {
    expectTypeOf(first.id).toEqualTypeOf<JobId<'email' | 'resize' | 'noop'>>();
    if (first.duplicate) expectTypeOf(first.status).toEqualTypeOf<JobStatus>();
    else
      expectTypeOf(first.status).toEqualTypeOf<'pending' | 'scheduled' | 'waiting' | 'failed' | 'canceled'>();
  } else expectTypeOf(first?.error.code).toEqualTypeOf<string | undefined>();

  // @ts-expect-error an unknown job type
  await client.enqueueBatch([{ type: 'sms', payload: {} }]);
  // @ts-expect-error a required field is missing
  await client.enqueueBatch([{ type: 'email', payload: { subject: 'Hi' } }]);
  // @ts-expect-error the payload is required when a field is
  await client.enqueueBatch([{ type: 'email' }]);
  // @ts-expect-error another type's payload
  await client.enqueueBatch([{ type: 'resize', payload: { to: 'ada@example.com' } }]);
}

export async function anIdempotencyKeyIsAString(): Promise<void> {
  const sent = await client.enqueue(
    'email',
    { to: 'ada@example.com' },
    { idempotencyKey: 'order-42-receipt' },
  );
  await client.enqueue('noop', {}, { idempotencyKey: 'k1', delaySeconds: 60, maxAttempts: 2 });
  await client.enqueueBatch([
    { type: 'noop', idempotencyKey: 'k1' },
    { type: 'email', payload: { to: 'ada@example.com' }, runAt: new Date(), idempotencyKey: 'k2' },
  ]);
  if (sent.duplicate) {
    expectTypeOf(sent.id).toEqualTypeOf<JobId<'email'>>();
    expectTypeOf(sent.status).toEqualTypeOf<JobStatus>();
  }
  // The producer takes it, and answers, the same way.
  const direct = await producer.enqueue('noop', undefined, { idempotencyKey: 'k3' });
  expectTypeOf(direct.duplicate).toEqualTypeOf<true | undefined>();
  await producer.enqueueBatch([{ type: 'noop', idempotencyKey: 'k4' }]);

  // @ts-expect-error an idempotency key is a string
  await client.enqueue('noop', {}, { idempotencyKey: 42 });
  // @ts-expect-error an idempotency key is a string, in a batch too
  await client.enqueueBatch([{ type: 'noop', idempotencyKey: 42 }]);
  // @ts-expect-error an idempotency key is a string, for the producer too
  await producer.enqueue('noop', {}, { idempotencyKey: 42 });
  // @ts-expect-error one name: idempotencyKey
  await client.enqueue('noop', {}, { idempotency_key: 'k1' });
}

export async function aPriorityIsHighDefaultOrLow(): Promise<void> {
  await client.enqueue('email', { to: 'ada@example.com' }, { priority: 'high' });
  await client.enqueue('noop', {}, { priority: 'low', delaySeconds: 60, maxAttempts: 2 });
  await client.enqueue('noop', undefined, { priority: 'default', idempotencyKey: 'k1' });
  await client.enqueueBatch([
    { type: 'noop', priority: 'high' },
    { type: 'email', payload: { to: 'ada@example.com' }, priority: 'low', runAt: new Date() },
  ]);
  // The producer takes it the same way.
  await producer.enqueue('noop', {}, { priority: 'high' });
  await producer.enqueueBatch([{ type: 'noop', priority: 'low' }]);
  expectTypeOf<Priority>().toEqualTypeOf<'high' | 'default' | 'low'>();

  // Jobs read back carry it; a job stored before priorities has none (it is `default`).
  const { id } = await client.enqueue('email', { to: 'ada@example.com' });
  expectTypeOf((await client.get(id)).priority).toEqualTypeOf<Priority | undefined>();
  expectTypeOf((await client.jobStatus(id)).priority).toEqualTypeOf<Priority | undefined>();
  for await (const job of client.list()) expectTypeOf(job.priority).toEqualTypeOf<Priority | undefined>();
  // GET /status: each priority's queue, null before the first stats snapshot.
  const { queues } = await client.status();
  if (queues) expectTypeOf(queues.high.visible).toEqualTypeOf<number>();

  // @ts-expect-error not a priority
  await client.enqueue('noop', {}, { priority: 'urgent' });
  // @ts-expect-error not a priority, in a batch too
  await client.enqueueBatch([{ type: 'noop', priority: 'urgent' }]);
  // @ts-expect-error not a priority, for the producer too
  await producer.enqueue('noop', {}, { priority: 'urgent' });
  // @ts-expect-error a priority is a name, not a number
  await client.enqueue('noop', {}, { priority: 1 });
}

export async function schedulesAreTypedByTheRegistryAsEnqueueIs(): Promise<void> {
  const { schedule, created } = await client.schedules.put('digest', {
    schedule: 'cron(0 9 ? * MON-FRI *)',
    timezone: 'Europe/Paris',
    type: 'email',
    payload: { to: 'ada@example.com', subject: 'Daily' },
    maxAttempts: 2,
  });
  expectTypeOf(schedule).toEqualTypeOf<Schedule>();
  expectTypeOf(created).toEqualTypeOf<boolean>();
  // A type whose payload fields are all optional (or none) may leave the payload out.
  await client.schedules.put('tick', { schedule: 'rate(1 minute)', type: 'noop' });
  await client.schedules.put('thumbs', {
    schedule: 'rate(1 hour)',
    type: 'resize',
    payload: { file: 'a.png' },
  });
  // Read back as stored: any type name, a JSON payload, the next run and the last firing.
  const listed = await client.schedules.list();
  expectTypeOf(listed).toEqualTypeOf<Schedule[]>();
  const read = await client.schedules.get('digest');
  expectTypeOf(read.type).toEqualTypeOf<string>();
  expectTypeOf(read.nextRunAt).toEqualTypeOf<string>();
  expectTypeOf(read.lastJobId).toEqualTypeOf<string | undefined>();
  expectTypeOf(read.declared).toEqualTypeOf<boolean>();
  expectTypeOf(client.schedules.delete('digest')).toEqualTypeOf<Promise<void>>();
  // One type's spec, for code that builds them.
  const spec: ScheduleSpec<Jobs, 'email'> = {
    schedule: 'rate(1 day)',
    type: 'email',
    payload: { to: 'a@b.c' },
  };
  await client.schedules.put('daily', spec);

  await client.schedules.put('digest', {
    schedule: 'rate(1 hour)',
    type: 'email',
    // @ts-expect-error another type's payload
    payload: { file: 'a.png' },
  });
  // @ts-expect-error a payload field of the wrong type
  await client.schedules.put('digest', { schedule: 'rate(1 hour)', type: 'email', payload: { to: 42 } });
  // @ts-expect-error a type with a required field needs its payload
  await client.schedules.put('digest', { schedule: 'rate(1 hour)', type: 'email' });
  // @ts-expect-error an unknown job type
  await client.schedules.put('digest', { schedule: 'rate(1 hour)', type: 'mail' });
  // @ts-expect-error the expression is required
  await client.schedules.put('digest', { type: 'noop' });
  // @ts-expect-error one name per field: timezone
  await client.schedules.put('digest', { schedule: 'rate(1 hour)', type: 'noop', timeZone: 'UTC' });
  // @ts-expect-error a name is a string
  await client.schedules.get(42);
}

export async function aScheduleTakesAPriorityAndReadsItBack(): Promise<void> {
  await client.schedules.put('urgent', { schedule: 'rate(1 minute)', type: 'noop', priority: 'high' });
  await client.schedules.put('digest', {
    schedule: 'rate(1 day)',
    type: 'email',
    payload: { to: 'a@b.c' },
    priority: 'low',
  });
  const spec: ScheduleSpec<Jobs, 'noop'> = { schedule: 'rate(1 hour)', type: 'noop', priority: 'default' };
  expectTypeOf(spec.priority).toEqualTypeOf<Priority | undefined>();
  // Left out, each job gets its type's priority: the schedule read back has none.
  expectTypeOf((await client.schedules.get('urgent')).priority).toEqualTypeOf<Priority | undefined>();
  for (const schedule of await client.schedules.list())
    expectTypeOf(schedule.priority).toEqualTypeOf<Priority | undefined>();

  // @ts-expect-error not a priority
  await client.schedules.put('urgent', { schedule: 'rate(1 minute)', type: 'noop', priority: 'urgent' });
  // @ts-expect-error a priority is a name, not a number
  await client.schedules.put('urgent', { schedule: 'rate(1 minute)', type: 'noop', priority: 1 });
}

export async function aFinishedJobSaysWhenItExpires(): Promise<void> {
  const { id } = await client.enqueue('noop');
  // Set once the job is completed, failed or canceled: when its type's retention removes it.
  expectTypeOf((await client.get(id)).expiresAt).toEqualTypeOf<string | undefined>();
  expectTypeOf((await client.waitFor(id)).expiresAt).toEqualTypeOf<string | undefined>();
}

export async function aBatchCallbackIsTypedByItsTypeAndStartsWhenTheBatchEnds(): Promise<void> {
  const answer = await client.enqueueBatch(
    [{ type: 'noop' }, { type: 'resize', payload: { file: 'a.png' } }],
    {
      batch: {
        onComplete: { type: 'email', payload: { to: 'ops@example.com' }, maxAttempts: 2, priority: 'high' },
      },
    },
  );
  // Absent without batch, and when every job was refused.
  expectTypeOf(answer.batchId).toEqualTypeOf<string | undefined>();
  // A batch without a callback; a callback whose payload fields are all optional may leave it out.
  await client.enqueueBatch([{ type: 'noop' }], { batch: {} });
  await client.enqueueBatch([{ type: 'noop' }], { batch: { onComplete: { type: 'noop' } } });
  await client.enqueueBatch([{ type: 'noop' }], {});
  const onComplete: BatchCallback<Jobs> = { type: 'resize', payload: { file: 'a.png', width: 64 } };
  await client.enqueueBatch([{ type: 'noop' }], { batch: { onComplete } });
  // The producer takes it, and answers, the same way.
  const direct = await producer.enqueueBatch([{ type: 'noop' }], {
    batch: { onComplete: { type: 'email', payload: { to: 'ops@example.com' } } },
  });
  expectTypeOf(direct.batchId).toEqualTypeOf<string | undefined>();

  await client.enqueueBatch([{ type: 'noop' }], {
    // @ts-expect-error the callback's payload is its type's: an email's `to` is a string
    batch: { onComplete: { type: 'email', payload: { to: 42 } } },
  });
  await client.enqueueBatch([{ type: 'noop' }], {
    // @ts-expect-error another type's payload
    batch: { onComplete: { type: 'resize', payload: { to: 'ops@example.com' } } },
  });
  await client.enqueueBatch([{ type: 'noop' }], {
    // @ts-expect-error the payload is required when a field is
    batch: { onComplete: { type: 'email' } },
  });
  await client.enqueueBatch([{ type: 'noop' }], {
    // @ts-expect-error an unknown job type
    batch: { onComplete: { type: 'sms' } },
  });
  await client.enqueueBatch([{ type: 'noop' }], {
    // @ts-expect-error the callback starts when the batch ends: no delay of its own
    batch: { onComplete: { type: 'noop', delaySeconds: 60 } },
  });
  await client.enqueueBatch([{ type: 'noop' }], {
    // @ts-expect-error no time of its own either
    batch: { onComplete: { type: 'noop', runAt: new Date() } },
  });
  await client.enqueueBatch([{ type: 'noop' }], {
    // @ts-expect-error it waits for the batch's jobs, not for others
    batch: { onComplete: { type: 'noop', dependsOn: ['3f0c8a9e-0000-4000-8000-000000000000'] } },
  });
  await client.enqueueBatch([{ type: 'noop' }], {
    // @ts-expect-error no idempotency key: the batch makes it once
    batch: { onComplete: { type: 'noop', idempotencyKey: 'k1' } },
  });
  await producer.enqueueBatch([{ type: 'noop' }], {
    // @ts-expect-error no delay of its own, for the producer too
    batch: { onComplete: { type: 'noop', delaySeconds: 60 } },
  });
  // @ts-expect-error a batch's options are an object, not a flag
  await client.enqueueBatch([{ type: 'noop' }], { batch: true });
}

export async function batchesAreReadAndCanceledByTheirId(): Promise<void> {
  const { batchId } = await client.enqueueBatch([{ type: 'noop' }], { batch: {} });
  if (!batchId) return;
  const batch = await client.batches.get(batchId);
  expectTypeOf(batch).toEqualTypeOf<BatchView>();
  expectTypeOf(batch.progress).toEqualTypeOf<number>();
  expectTypeOf(batch.counts.waiting).toEqualTypeOf<number>();
  expectTypeOf(batch.jobs[0]?.status).toEqualTypeOf<JobStatus | undefined>();
  expectTypeOf(batch.onComplete?.status).toEqualTypeOf<JobStatus | undefined>();
  expectTypeOf(batch.callbackJobId).toEqualTypeOf<string | undefined>();
  // A batch's job ids are plain strings: any is accepted where a JobId is asked for.
  const [first] = batch.jobIds;
  if (first) await client.get(first);

  const listed = await client.batches.list();
  expectTypeOf(listed).toEqualTypeOf<BatchListEntry[]>();
  expectTypeOf(listed[0]?.total).toEqualTypeOf<number | undefined>();
  expectTypeOf(listed[0]?.callbackJobId).toEqualTypeOf<string | undefined>();
  // What GET /batches answers, as the API builds it.
  expectTypeOf<BatchListEntry>().toEqualTypeOf<Awaited<ReturnType<typeof listBatches>>[number]>();

  const canceled = await client.batches.cancel(batchId);
  expectTypeOf(canceled).toEqualTypeOf<BatchCanceled>();
  expectTypeOf(canceled.stopping).toEqualTypeOf<number>();

  // What a callback's handler sees (ctx.batch), under the same name in both entries.
  expectTypeOf<BatchSummary>().toEqualTypeOf<HandlerBatchSummary>();
  expectTypeOf<BatchSummary['failed']>().toEqualTypeOf<number>();

  // @ts-expect-error a batch id is a string
  await client.batches.get(42);
  // @ts-expect-error a batch view is read-only
  batch.progress = 1;
}
