import { z } from 'zod';
import { batchOptionsSchema } from '../../core/batch.ts';
import {
  DEFAULT_DEPENDENCY_POLICY,
  dependencyPolicySchema,
  dependsOnSchema,
} from '../../core/dependencies.ts';
import { DEFAULT_IDEMPOTENCY_WINDOW_SECONDS, idempotencyKeySchema } from '../../core/idempotency.ts';
import { DEFAULT_MAX_ATTEMPTS } from '../../core/job.ts';
import { DEFAULT_PRIORITY, prioritySchema } from '../../core/priority.ts';
import { JOB_TYPE_NAME, type JobTypeSpec, type SpecRegistry } from '../../core/registry.ts';
import { delaySecondsSchema, runAtSchema } from '../../core/submission.ts';
import { MAX_BATCH_JOBS } from '../../core/use-cases/submit-jobs.ts';
import { redriveFilter } from '../schemas/redrive.ts';
import { componentRef } from './json-schema.ts';

/** The request bodies' components, by id. */
export const REQUEST_COMPONENTS = {
  submission: 'Submission',
  batchSubmission: 'BatchSubmission',
  retry: 'RetryRequest',
  reschedule: 'RescheduleRequest',
  scheduleSpec: 'ScheduleSpec',
  redriveFilter: 'RedriveFilter',
} as const;

export type RequestComponent = (typeof REQUEST_COMPONENTS)[keyof typeof REQUEST_COMPONENTS];

/**
 * The request bodies as the API reads them (src/core/submission.ts): per job type its payload
 * (`Payload.<type>`) and its submission (`Submission.<type>`) in either form the API accepts —
 * `{"type", "payload": {...}, "maxAttempts"?}` or the payload's fields next to `type` — and
 * `Submission`, exactly one of them, told apart by `type`.
 */
export function requestRegistry(
  specs: SpecRegistry,
  maxAttemptsLimit: number,
): z.core.$ZodRegistry<{ id: string }> {
  const types = Object.keys(specs);
  if (types.length === 0) throw new TypeError('The OpenAPI document needs at least one job type.');
  const registry = z.registry<{ id: string }>();
  const payloads: z.ZodType[] = [];
  const submissions: z.ZodType[] = [];
  for (const type of types) {
    if (!JOB_TYPE_NAME.test(type)) throw new TypeError(`Job type name "${type}" cannot name a component.`);
    const spec = specs[type] as JobTypeSpec;
    // A copy: the same schema may serve two job types, and each needs a component of its own.
    const payload = spec.description ? spec.schema.describe(spec.description) : spec.schema.clone();
    registry.add(payload, { id: `Payload.${type}` });
    payloads.push(payload);
    const submission = submissionOf(type, spec, payload, maxAttemptsLimit);
    registry.add(submission, { id: `Submission.${type}` });
    submissions.push(submission);
  }
  const mapping = Object.fromEntries(types.map((type) => [type, componentRef(`Submission.${type}`)]));
  // zod writes oneOf; OpenAPI's discriminator is not JSON Schema, so it goes in as metadata.
  const submission = z.xor(submissions).meta({
    description:
      'A job to run: its type, its payload, and optionally maxAttempts and a later start (delaySeconds or runAt).',
    discriminator: { propertyName: 'type', mapping },
  });
  registry.add(submission, { id: REQUEST_COMPONENTS.submission });
  registry.add(
    z
      .strictObject({
        jobs: z
          .array(submission)
          .min(1)
          .max(MAX_BATCH_JOBS)
          .describe('Each job as POST /jobs takes it; each is judged on its own'),
        batch: batchOptionsSchema.optional(),
      })
      .describe(`Up to ${MAX_BATCH_JOBS} jobs to submit at once`),
    { id: REQUEST_COMPONENTS.batchSubmission },
  );
  registry.add(
    z
      .strictObject({
        payload: z
          .union(payloads)
          .optional()
          .describe('Replaces the payload; validated against the job’s own type like a submission'),
      })
      .describe('An optional new payload for the retried job'),
    { id: REQUEST_COMPONENTS.retry },
  );
  registry.add(
    z
      .strictObject({ runAt: timingFields.runAt, delaySeconds: timingFields.delaySeconds })
      .describe('The new start: exactly one of runAt and delaySeconds'),
    { id: REQUEST_COMPONENTS.reschedule },
  );
  registry.add(
    z
      .strictObject({
        schedule: z
          .string()
          .describe('cron(minutes hours day-of-month month day-of-week year) or rate(n minutes|hours|days)'),
        timezone: z.string().optional().describe('IANA time zone for a cron expression (UTC when absent)'),
        type: z.enum(types).describe('The job type each firing submits'),
        payload: z
          .union(payloads)
          .optional()
          .describe('The payload of every job, validated against the type’s schema now (default {})'),
        maxAttempts: z.int().min(1).max(maxAttemptsLimit).optional(),
        priority: prioritySchema
          .optional()
          .describe('The queue each job goes on (the type’s priority otherwise)'),
      })
      .describe('A recurring schedule: each firing submits one job'),
    { id: REQUEST_COMPONENTS.scheduleSpec },
  );
  registry.add(redriveFilter, { id: REQUEST_COMPONENTS.redriveFilter });
  return registry;
}

/** A job's start, in a submission or a reschedule: the schemas the API parses with. */
const timingFields = {
  delaySeconds: delaySecondsSchema
    .optional()
    .describe(
      'Start no sooner than this many seconds from now (up to a year). Not with runAt. Over 900 s (or the stack’s scheduleHorizonSeconds) the job is stored scheduled until its time nears.',
    ),
  runAt: runAtSchema
    .optional()
    .describe(
      'Start no sooner than this time (ISO 8601 with Z or an offset; up to a year ahead). Not with delaySeconds.',
    ),
};

function submissionOf(type: string, spec: JobTypeSpec, payload: z.ZodType, limit: number): z.ZodType {
  const mode = spec.idempotency?.mode ?? 'window';
  const held =
    mode === 'untilFinished'
      ? 'until its job finished'
      : `for ${spec.idempotency?.windowSeconds ?? DEFAULT_IDEMPOTENCY_WINDOW_SECONDS} s`;
  const envelope = {
    ...timingFields,
    dependsOn: dependsOnSchema
      .optional()
      .describe(
        'Jobs this one waits for (status waiting) until they end: their ids, or in POST /jobs/batch also the position (from 0) of another job of the same batch. Unknown ids, and a batch’s cycles, are refused (400). Not with delaySeconds or runAt. The handler reads how each ended (ctx.dependencies)',
      ),
    onDependencyFailure: dependencyPolicySchema
      .default(DEFAULT_DEPENDENCY_POLICY)
      .describe(
        'With dependsOn: when a dependency ends failed or canceled, fail (this job fails at once, naming it), skip (it is canceled) or run (it runs when all have ended, whatever they did)',
      ),
    idempotencyKey: idempotencyKeySchema
      .optional()
      .describe(
        `Submitted again with this key (held ${held}), the first job is the answer (200, duplicate: true) and nothing is created; with a different request, 409 IdempotencyKeyReused. Also the Idempotency-Key header.`,
      ),
    type: z.literal(type),
    priority: prioritySchema
      .default(spec.priority ?? DEFAULT_PRIORITY)
      .describe(
        'The queue the job goes on: high, default or low. Each has its own workers, so a high job never waits behind a default backlog (the job type’s priority otherwise)',
      ),
    maxAttempts: z
      .int()
      .min(1)
      .max(limit)
      .default(spec.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)
      .describe('Attempts this job gets (the job type’s default otherwise)'),
  };
  const nested = z.strictObject({ ...envelope, payload });
  const timeout = spec.timeoutSeconds ? ` Each attempt may run ${spec.timeoutSeconds} s.` : '';
  const description = `${spec.description ?? `A ${type} job.`}${timeout}${limitsText(spec)}`;
  // The flat form exists for any payload the API can spread next to `type`: an object schema.
  if (!(payload instanceof z.ZodObject)) return nested.describe(description);
  const flat = payload.safeExtend({
    ...envelope,
    // Reserved: a body with "payload" is the nested form, whose fields may not appear at the top too.
    payload: z.never().optional(),
  });
  return z.xor([flat, nested]).describe(description);
}

/** The job type's limits, for its description: a held-back job waits pending, charged nothing. */
function limitsText(spec: JobTypeSpec): string {
  const parts: string[] = [];
  if (spec.concurrency !== undefined) parts.push(`at most ${spec.concurrency} running at once`);
  const perKey = spec.keyLimits;
  if (perKey?.concurrency !== undefined) parts.push(`at most ${perKey.concurrency} running at once per key`);
  if (perKey?.ratePerSecond !== undefined)
    parts.push(`at most ${perKey.ratePerSecond} started per second per key`);
  return parts.length === 0
    ? ''
    : ` Limits: ${parts.join(', ')}; a job over them waits pending (heldBack says why) and is charged no attempt.`;
}
