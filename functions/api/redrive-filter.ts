import { ValidationError } from '../../src/core/errors.ts';
import type { RedriveFilter } from '../../src/core/use-cases/redrive-dead-letters.ts';
import { redriveFilter } from '../../src/http/schemas/redrive.ts';

/** `{}` or no body: everything; `{"type": "email"}`; `{"ids": ["…"]}`. */
export function parseRedriveFilter(body: unknown): RedriveFilter {
  // Only a missing body means "everything": a JSON `null` is a filter that says nothing, and refused.
  const parsed = redriveFilter.safeParse(body === undefined ? {} : body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ValidationError(
      `Invalid redrive filter: ${issue?.path.join('.') || '(body)'}: ${issue?.message}`,
    );
  }
  return parsed.data;
}
