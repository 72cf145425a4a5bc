import { z } from 'zod';
import { ValidationError } from '../../src/core/errors.ts';
import type { RedriveFilter } from '../../src/core/use-cases/redrive-dead-letters.ts';

const filterSchema = z.strictObject({
  type: z.string().min(1).max(64).optional(),
  ids: z.array(z.string().min(1).max(128)).min(1).max(1000).optional(),
});

/** `{}` or no body: everything; `{"type": "email"}`; `{"ids": ["…"]}`. */
export function parseRedriveFilter(body: unknown): RedriveFilter {
  // Only a missing body means "everything": a JSON `null` is a filter that says nothing, and refused.
  const parsed = filterSchema.safeParse(body === undefined ? {} : body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ValidationError(
      `Invalid redrive filter: ${issue?.path.join('.') || '(body)'}: ${issue?.message}`,
    );
  }
  return parsed.data;
}
