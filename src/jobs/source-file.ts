import { FileNotFoundError, PermanentJobError } from '../core/errors.ts';
import type { FileStore } from '../core/ports.ts';

/**
 * Reads a job's input file. A missing file is permanent: retrying will not create it, so the job
 * should fail now rather than burn its attempts.
 */
export async function readSourceFile(files: FileStore, key: string): Promise<Uint8Array> {
  try {
    return await files.get(key);
  } catch (error) {
    if (error instanceof FileNotFoundError) {
      throw new PermanentJobError(
        `The file "${key}" does not exist in the files bucket.`,
        { key },
        { cause: error },
      );
    }
    throw error;
  }
}

/** Reads a UTF-8 text file; bytes that are not UTF-8 will not become valid on retry either. */
export async function readSourceText(files: FileStore, key: string): Promise<string> {
  const bytes = await readSourceFile(files, key);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new PermanentJobError(`The file "${key}" is not UTF-8 text.`, { key }, { cause: error });
  }
}
