import { randomBytes } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LocalRuntimeError } from '../errors.ts';

/** API Gateway accepts key values of 20 to 128 characters; so does the emulation. */
const KEY_PATTERN = /^[\x21-\x7e]{20,128}$/;

/**
 * The key the local gateway accepts: the one asked for, else the one a previous run left in
 * <stateDir>/api-key (so clients keep working across restarts), else a new one. It is written to
 * <stateDir>/api-key, readable by the owner only.
 */
export async function provisionApiKey(stateDir: string, wanted: string | undefined): Promise<string> {
  const file = path.join(stateDir, 'api-key');
  if (wanted !== undefined && !KEY_PATTERN.test(wanted)) {
    throw new LocalRuntimeError(
      'SQS_JOBS_API_KEY must be 20–128 printable ASCII characters without spaces (as API Gateway requires).',
    );
  }
  const previous = await readFile(file, 'utf8').then(
    (text) => text.trim(),
    () => undefined,
  );
  const key =
    wanted ?? (previous && KEY_PATTERN.test(previous) ? previous : randomBytes(24).toString('base64url'));
  if (key !== previous) await writeFile(file, `${key}\n`, { mode: 0o600 });
  // writeFile's mode applies only when it creates the file: an existing one keeps whatever mode it
  // had (a copy, an umask, an older version), so set it every time.
  await chmod(file, 0o600);
  return key;
}
