import { z } from 'zod';
import {
  DEFAULT_DEPENDENCY_POLICY,
  type DependencyPolicy,
  type DependencyRef,
  dependencyPolicySchema,
  dependsOnSchema,
} from './dependencies.ts';
import { UnknownJobTypeError, ValidationError } from './errors.ts';
import { idempotencyKeySchema } from './idempotency.ts';
import { DEFAULT_MAX_ATTEMPTS, MAX_ATTEMPTS_LIMIT } from './job.ts';
import type { JsonObject } from './json.ts';
import { limitKeyOf } from './limits.ts';
import { DEFAULT_PRIORITY, type Priority, prioritySchema } from './priority.ts';
import type { SpecRegistry } from './registry.ts';
import { MAX_DELAY_SECONDS, type Timing } from './timing.ts';

/** The largest submission (one job's JSON) taken: a job record must fit a DynamoDB item (400 KB) with its result. */
export const MAX_SUBMISSION_BYTES = 256 * 1024;

/** Top-level fields that are never part of the payload in the flat form: the job's options. */
export const RESERVED_FIELDS = [
  'type',
  'payload',
  'maxAttempts',
  'delaySeconds',
  'runAt',
  'priority',
  'idempotencyKey',
  'dependsOn',
  'onDependencyFailure',
] as const;

/** One schema per limit, built once: zod compiles a schema on first use, which costs more than a parse. */
const envelopeSchemas = new Map<number, z.ZodType<Envelope>>();

interface Envelope {
  type: string;
  payload?: Record<string, unknown> | undefined;
  maxAttempts?: number | undefined;
  delaySeconds?: number | undefined;
  runAt?: string | undefined;
  priority?: Priority | undefined;
  idempotencyKey?: string | undefined;
  dependsOn?: DependencyRef[] | undefined;
  onDependencyFailure?: DependencyPolicy | undefined;
}

/** `delaySeconds`: whole seconds from now, up to a year. */
export const delaySecondsSchema = z
  .number()
  .int()
  .min(0)
  .max(MAX_DELAY_SECONDS, `delaySeconds is at most ${MAX_DELAY_SECONDS} (a year)`);

/** `runAt`: an ISO 8601 date-time with `Z` or an offset, e.g. 2026-12-01T09:30:00Z or …+01:00. */
export const runAtSchema = z.iso.datetime({
  offset: true,
  error: 'runAt must be an ISO 8601 date-time with Z or an offset, e.g. 2026-12-01T09:30:00Z',
});

function envelopeSchema(maxAttempts: number): z.ZodType<Envelope> {
  let schema = envelopeSchemas.get(maxAttempts);
  if (!schema) {
    schema = z.object({
      type: z.string().min(1).max(64),
      payload: z.record(z.string(), z.unknown()).optional(),
      maxAttempts: z.number().int().min(1).max(maxAttempts).optional(),
      delaySeconds: delaySecondsSchema.optional(),
      runAt: runAtSchema.optional(),
      priority: prioritySchema.optional(),
      idempotencyKey: idempotencyKeySchema.optional(),
      dependsOn: dependsOnSchema.optional(),
      onDependencyFailure: dependencyPolicySchema.optional(),
    });
    envelopeSchemas.set(maxAttempts, schema);
  }
  return schema;
}

export interface Submission {
  readonly type: string;
  readonly payload: JsonObject;
  readonly maxAttempts: number;
  /** When to start, if not as soon as possible. */
  readonly timing?: Timing;
  /** The queue it goes on: the submission's, else its type's, else `default`. */
  readonly priority: Priority;
  /** Its key under its type's `keyLimits`, when the type has them and the payload gives one. */
  readonly limitKey?: string;
  /** Submitted again with this key, the first job is returned instead of a new one (idempotency.ts). */
  readonly idempotencyKey?: string;
  /** The jobs it waits for (dependencies.ts): ids, or positions in the same batch. */
  readonly dependsOn?: readonly DependencyRef[];
  /** Set with `dependsOn`: what a failed or canceled dependency does to it. */
  readonly onDependencyFailure?: DependencyPolicy;
}

/**
 * Reads `{"type", "payload"}` or the flat form `{"type", ...payloadFields}` and validates the
 * payload against its type's schema. Unknown fields are rejected, never ignored.
 */
export function parseSubmission(
  body: unknown,
  registry: SpecRegistry,
  /** The stack's cap (below the queue's maxReceiveCount). */
  maxAttemptsLimit: number = MAX_ATTEMPTS_LIMIT,
): Submission {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationError(
      'The request body must be a JSON object like {"type": "...", "payload": {...}}.',
    );
  }
  const record = body as Record<string, unknown>;
  const envelope = envelopeSchema(maxAttemptsLimit).safeParse(pick(record, RESERVED_FIELDS));
  if (!envelope.success) throw zodToValidationError(envelope.error, []);

  const { type } = envelope.data;
  const timing = parseTiming(envelope.data);
  const flat = omit(record, RESERVED_FIELDS);
  if (envelope.data.payload !== undefined && Object.keys(flat).length > 0) {
    throw new ValidationError(
      `Send the payload either in "payload" or as top-level fields, not both (found: ${Object.keys(flat).join(', ')}).`,
      { fields: Object.keys(flat) },
    );
  }
  // The type's schema reads the payload as sent, not the envelope's copy: zod's record output drops a
  // "__proto__" key (assigning it sets the prototype), so an unknown field would pass unseen.
  const explicit = envelope.data.payload !== undefined;
  const payload = parsePayload(registry, type, explicit ? record.payload : flat, explicit ? ['payload'] : []);
  const limitKey = limitKeyOf(registry[type], type, payload);
  const { dependsOn, onDependencyFailure } = envelope.data;
  if (onDependencyFailure !== undefined && dependsOn === undefined)
    throw new ValidationError('onDependencyFailure is only read with dependsOn.', {
      field: 'onDependencyFailure',
    });
  // A dependent starts when its dependencies end: a time of its own would say otherwise.
  if (dependsOn !== undefined && timing !== undefined)
    throw new ValidationError(
      'A job with dependsOn starts when they end; it takes no delaySeconds or runAt.',
      {
        fields: ['dependsOn', envelope.data.delaySeconds === undefined ? 'runAt' : 'delaySeconds'],
      },
    );
  return {
    type,
    payload,
    maxAttempts: envelope.data.maxAttempts ?? registry[type]?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    priority: envelope.data.priority ?? registry[type]?.priority ?? DEFAULT_PRIORITY,
    ...(limitKey === undefined ? {} : { limitKey }),
    ...(timing ? { timing } : {}),
    ...(envelope.data.idempotencyKey === undefined ? {} : { idempotencyKey: envelope.data.idempotencyKey }),
    ...(dependsOn === undefined
      ? {}
      : { dependsOn, onDependencyFailure: onDependencyFailure ?? DEFAULT_DEPENDENCY_POLICY }),
  };
}

/**
 * `delaySeconds` or `runAt`, not both; undefined for neither. Also reads a reschedule's body
 * (`POST /jobs/{id}/reschedule`), which must name one. How far ahead a `runAt` may be is judged
 * against the clock, by runAtOf.
 */
export function parseTiming(fields: {
  delaySeconds?: number | undefined;
  runAt?: string | undefined;
}): Timing | undefined {
  const { delaySeconds, runAt } = fields;
  if (delaySeconds !== undefined && runAt !== undefined)
    throw new ValidationError('Send either "delaySeconds" or "runAt", not both.', {
      fields: ['delaySeconds', 'runAt'],
    });
  if (runAt !== undefined) return { runAt: new Date(runAt).toISOString() };
  return delaySeconds === undefined ? undefined : { delaySeconds };
}

/** Validates a payload against its type's schema; errors name the field under `prefix`. */
export function parsePayload(
  registry: SpecRegistry,
  type: string,
  raw: unknown,
  prefix: readonly string[] = ['payload'],
): JsonObject {
  const spec = Object.hasOwn(registry, type) ? registry[type] : undefined;
  if (!spec) throw new UnknownJobTypeError(type, Object.keys(registry));
  const parsed = spec.schema.safeParse(raw);
  if (!parsed.success) throw zodToValidationError(parsed.error, prefix);
  return parsed.data as JsonObject;
}

export function zodToValidationError(
  error: z.ZodError,
  prefix: readonly string[],
  what = 'Invalid job',
): ValidationError {
  const issues = error.issues.map((issue) => ({
    field: [...prefix, ...issue.path.map(String)].join('.') || '(body)',
    message: issue.message,
  }));
  const first = issues[0];
  const summary = first ? `${first.field}: ${first.message}` : 'invalid request';
  return new ValidationError(`${what}: ${summary}`, { issues });
}

// fromEntries defines own properties, so a "__proto__" key stays data and is rejected by the schema.
function pick(record: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => keys.includes(key)));
}

function omit(record: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => !keys.includes(key)));
}
