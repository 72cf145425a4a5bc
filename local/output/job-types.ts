/**
 * The app's job types as its own API describes them (`GET /openapi.json`, public on every stage), so
 * the startup listing can name them and give a submission that works for this app, not for ours.
 */

/** A job type and a payload its schema accepts, for a copy-and-paste example. */
export interface JobTypeExample {
  readonly type: string;
  readonly description?: string;
  /** A payload the schema accepts, or undefined when one cannot be made up from it. */
  readonly payload?: Readonly<Record<string, unknown>>;
}

/** JSON Schema, as much of it as an example needs. */
interface Schema {
  readonly type?: string | readonly string[];
  readonly description?: string;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly format?: string;
  readonly minimum?: number;
  readonly minLength?: number;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly default?: unknown;
}

const PAYLOAD_SCHEMA = /^Payload\.(.+)$/;

/** The job types of the API at `apiUrl`, in the document's order; [] if it cannot be read. */
export async function readJobTypes(apiUrl: string, timeoutMs = 5_000): Promise<JobTypeExample[]> {
  try {
    const response = await fetch(`${apiUrl}/openapi.json`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return [];
    return jobTypesOf((await response.json()) as unknown);
  } catch {
    return [];
  }
}

/** Each `Payload.<type>` schema of an OpenAPI document as a job type with an example payload. */
export function jobTypesOf(document: unknown): JobTypeExample[] {
  const schemas = (document as { components?: { schemas?: Record<string, Schema> } } | null)?.components
    ?.schemas;
  if (!schemas || typeof schemas !== 'object') return [];
  return Object.entries(schemas).flatMap(([name, schema]) => {
    const type = PAYLOAD_SCHEMA.exec(name)?.[1];
    if (!type) return [];
    const payload = example(schema);
    return [
      {
        type,
        ...(schema.description ? { description: schema.description } : {}),
        ...(isRecord(payload) ? { payload } : {}),
      },
    ];
  });
}

/**
 * A value the schema accepts, built from its required properties only (the smallest valid payload),
 * or undefined for a shape too rich to guess (patterns, unions, nested lists).
 */
function example(schema: Schema): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  switch (schema.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) {
        const property = schema.properties?.[key];
        const value = property ? example(property) : undefined;
        if (value === undefined) return undefined;
        out[key] = value;
      }
      return out;
    }
    case 'string':
      if (schema.format === 'email') return 'ada@example.com';
      if (schema.format === 'uri') return 'https://example.com/';
      if (schema.format) return undefined;
      return 'example'.padEnd(schema.minLength ?? 0, 'x');
    case 'integer':
    case 'number':
      return Math.max(schema.minimum ?? 1, 1);
    case 'boolean':
      return true;
    default:
      return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The body of the listing's example submission: a type that needs no payload if there is one (the
 * shortest line), else the first type with a payload made up from its schema.
 */
export function exampleSubmission(types: readonly JobTypeExample[]): string | undefined {
  const bare = types.find((type) => type.payload && Object.keys(type.payload).length === 0);
  if (bare) return JSON.stringify({ type: bare.type });
  const withPayload = types.find((type) => type.payload);
  return withPayload ? JSON.stringify({ type: withPayload.type, payload: withPayload.payload }) : undefined;
}
