import { z } from 'zod';
import { UnknownJobTypeError, ValidationError } from './errors.ts';
import { DEFAULT_MAX_ATTEMPTS, MAX_ATTEMPTS_LIMIT } from './job.ts';
import type { JsonObject } from './json.ts';
import type { SpecRegistry } from './registry.ts';

/** The largest submission (one job's JSON) taken: a job record must fit a DynamoDB item (400 KB) with its result. */
export const MAX_SUBMISSION_BYTES = 256 * 1024;

/** Top-level fields that are never part of the payload in the flat form. */
const RESERVED_FIELDS = ['type', 'payload', 'maxAttempts'] as const;

/** One schema per limit, built once: zod compiles a schema on first use, which costs more than a parse. */
const envelopeSchemas = new Map<number, z.ZodType<Envelope>>();

interface Envelope {
  type: string;
  payload?: Record<string, unknown> | undefined;
  maxAttempts?: number | undefined;
}

function envelopeSchema(maxAttempts: number): z.ZodType<Envelope> {
  let schema = envelopeSchemas.get(maxAttempts);
  if (!schema) {
    schema = z.object({
      type: z.string().min(1).max(64),
      payload: z.record(z.string(), z.unknown()).optional(),
      maxAttempts: z.number().int().min(1).max(maxAttempts).optional(),
    });
    envelopeSchemas.set(maxAttempts, schema);
  }
  return schema;
}

export interface Submission {
  readonly type: string;
  readonly payload: JsonObject;
  readonly maxAttempts: number;
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
  return {
    type,
    payload,
    maxAttempts: envelope.data.maxAttempts ?? registry[type]?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
  };
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

function zodToValidationError(error: z.ZodError, prefix: readonly string[]): ValidationError {
  const issues = error.issues.map((issue) => ({
    field: [...prefix, ...issue.path.map(String)].join('.') || '(body)',
    message: issue.message,
  }));
  const first = issues[0];
  const summary = first ? `${first.field}: ${first.message}` : 'invalid request';
  return new ValidationError(`Invalid job: ${summary}`, { issues });
}

// fromEntries defines own properties, so a "__proto__" key stays data and is rejected by the schema.
function pick(record: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => keys.includes(key)));
}

function omit(record: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => !keys.includes(key)));
}
