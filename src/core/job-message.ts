import { z } from 'zod';
import { SqsJobsError } from './errors.ts';
import type { JobMessage } from './job.ts';
import { MAX_LIMIT_KEY_LENGTH } from './limits.ts';
import { PRIORITIES } from './priority.ts';

const messageSchema = z.object({
  id: z.string().min(1).max(128),
  type: z.string().min(1).max(64),
  priority: z.enum(PRIORITIES).optional(),
  limitKey: z.string().min(1).max(MAX_LIMIT_KEY_LENGTH).optional(),
  holds: z.number().int().min(0).optional(),
});

/** A message body that is not a job message (poison): it is never acknowledged, so it ends in the DLQ. */
export class PoisonMessageError extends SqsJobsError {
  constructor(reason: string) {
    super('PoisonMessage', `Not a job message: ${reason}`);
  }
}

export function parseJobMessage(body: string): JobMessage {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    throw new PoisonMessageError('body is not JSON');
  }
  const parsed = messageSchema.safeParse(raw);
  if (!parsed.success) throw new PoisonMessageError(parsed.error.issues[0]?.message ?? 'invalid shape');
  return parsed.data;
}
