import type { z } from 'zod';
import { PermanentJobError } from '../core/errors.ts';
import type { JobHandler } from '../core/registry.ts';
import type { jobSpecs } from './specs.ts';

const DEFAULT_PREFIX = 'tmp/';
const DEFAULT_MAX_AGE_SECONDS = 86_400;
/** The result is stored on the job record; the count says how many there were in all. */
const LISTED_KEYS = 100;

export const cleanup: JobHandler<z.output<typeof jobSpecs.cleanup.schema>> = async (payload, { files }) => {
  const prefix = payload.prefix ?? DEFAULT_PREFIX;
  // An empty prefix matches every key: a typo must not be able to wipe the bucket.
  if (prefix.trim() === '' || prefix === '/') {
    throw new PermanentJobError(
      'cleanup: prefix must name a folder, e.g. "tmp/"; it may not be empty or "/".',
      {
        prefix,
      },
    );
  }
  const cutoff = Date.now() - (payload.olderThanSeconds ?? DEFAULT_MAX_AGE_SECONDS) * 1_000;
  const scanned = await files.list(prefix);
  const old = scanned.filter((file) => file.lastModified.getTime() < cutoff).map((file) => file.key);
  const deleted = old.length > 0 ? await files.delete(old) : 0;
  return { prefix, scanned: scanned.length, deleted, keys: old.slice(0, LISTED_KEYS) };
};
