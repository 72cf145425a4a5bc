import { z } from 'zod';
import { defineJob, PermanentJobError } from '../src/index.ts';
import { isScratchPrefix, SCRATCH_PREFIXES } from './scratch.ts';

const DEFAULT_PREFIX = 'tmp/';
const DEFAULT_MAX_AGE_SECONDS = 86_400;
/** The result is stored on the job record; the count says how many there were in all. */
const LISTED_KEYS = 100;

export const cleanup = defineJob({
  description: 'Deletes files under a prefix of the files bucket older than a given age.',
  schema: z.strictObject({
    prefix: z
      .string()
      .max(512)
      .refine(isScratchPrefix, {
        message: `must be a folder under ${SCRATCH_PREFIXES.join(' or ')}, the scratch area cleanup may delete from`,
      })
      .optional(),
    olderThanSeconds: z.number().int().min(0).optional(),
  }),
  handler: async (payload, { files }) => {
    const prefix = payload.prefix ?? DEFAULT_PREFIX;
    // The schema says so at submission; a record stored before that rule still must not reach the
    // bucket's inputs and outputs (the worker's delete grant stops there too).
    if (!isScratchPrefix(prefix)) {
      throw new PermanentJobError(
        `cleanup: prefix must be a folder under ${SCRATCH_PREFIXES.join(' or ')}, the scratch area; got "${prefix}".`,
        { prefix, scratchPrefixes: [...SCRATCH_PREFIXES] },
      );
    }
    const cutoff = Date.now() - (payload.olderThanSeconds ?? DEFAULT_MAX_AGE_SECONDS) * 1_000;
    const scanned = await files.list(prefix);
    const old = scanned.filter((file) => file.lastModified.getTime() < cutoff).map((file) => file.key);
    const deleted = old.length > 0 ? await files.delete(old) : 0;
    return { prefix, scanned: scanned.length, deleted, keys: old.slice(0, LISTED_KEYS) };
  },
});
