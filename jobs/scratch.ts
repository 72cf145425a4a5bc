/**
 * Where jobs keep throwaway files in the files bucket. `cleanup` deletes only here, and the worker
 * may delete nothing elsewhere (infra/stack.ts grants s3:DeleteObject on these prefixes alone), so
 * no payload can wipe inputs or outputs.
 */
export const SCRATCH_PREFIXES = ['tmp/'] as const;

/** A prefix that names a folder inside a scratch area, with no `..` or empty segments. */
export function isScratchPrefix(prefix: string): boolean {
  if (!SCRATCH_PREFIXES.some((scratch) => prefix.startsWith(scratch))) return false;
  return prefix
    .split('/')
    .every(
      (segment, i, all) => (segment !== '' || i === all.length - 1) && segment !== '..' && segment !== '.',
    );
}
