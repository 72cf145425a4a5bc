import { z } from 'zod';

export type JsonSchema = z.core.JSONSchema.BaseSchema;

/** Where a component lives in the document; zod's converter writes its `$ref`s with it too. */
export function componentRef(id: string): string {
  return `#/components/schemas/${id}`;
}

const SHARED = componentRef('__shared');

/**
 * Converts every schema of `registry` to a component with zod's own converter (JSON Schema 2020-12,
 * OpenAPI 3.1's dialect); schemas registered in it become `$ref`s to each other. What zod puts in
 * `__shared` (recursive or globally named parts of a schema that has no id here) is hoisted to
 * components of its own, named `${prefix}${name}`.
 */
export function toComponents(
  registry: z.core.$ZodRegistry<{ id?: string | undefined }>,
  options: { readonly io: 'input' | 'output'; readonly prefix: string; readonly lenient?: boolean },
): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io: options.io,
    uri: componentRef,
    // A job type's schema may hold what JSON cannot carry (z.date()): it shows as "any value"
    // rather than taking the whole document down.
    unrepresentable: options.lenient ? 'any' : 'throw',
  });
  const { __shared: shared, ...named } = schemas;
  const components: Record<string, JsonSchema> = {};
  for (const [id, schema] of Object.entries(named)) components[id] = withoutRootKeywords(schema);
  const defs = shared?.$defs ?? {};
  for (const [name, schema] of Object.entries(defs)) components[`${options.prefix}${name}`] = schema;
  return Object.keys(defs).length > 0 ? repointShared(components, options.prefix) : components;
}

/** A component is not a document of its own: `$schema` and zod's `$id` (the component's own URI) go. */
function withoutRootKeywords(schema: JsonSchema): JsonSchema {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

function repointShared<T>(value: T, prefix: string): T {
  if (Array.isArray(value)) return value.map((item) => repointShared(item, prefix)) as T;
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      if (key === '$ref' && typeof item === 'string' && item.startsWith(`${SHARED}#/$defs/`))
        return [key, componentRef(`${prefix}${item.slice(`${SHARED}#/$defs/`.length)}`)];
      return [key, repointShared(item, prefix)];
    }),
  ) as T;
}

/** One schema, inline where it is used (a parameter, a header, an error body). */
export function inlineSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  return withoutRootKeywords(z.toJSONSchema(schema, { target: 'draft-2020-12', io }));
}
