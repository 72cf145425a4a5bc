import type { FileStore } from '../src/index.ts';
import { FileNotFoundError, FileTooLargeError, PermanentJobError } from '../src/index.ts';

/**
 * Reads a job's input file, refusing one over `maxBytes` from its size before downloading it. A
 * missing or oversized file is permanent: retrying will not change it, so the job should fail now
 * rather than burn its attempts (or the worker's memory).
 */
export async function readSourceFile(files: FileStore, key: string, maxBytes: number): Promise<Uint8Array> {
  try {
    return await files.get(key, { maxBytes });
  } catch (error) {
    if (error instanceof FileNotFoundError) {
      throw new PermanentJobError(
        `The file "${key}" does not exist in the files bucket.`,
        { key },
        { cause: error },
      );
    }
    if (error instanceof FileTooLargeError) {
      throw new PermanentJobError(
        `The file "${key}" is ${megabytes(error.size)}; this job reads files of at most ${megabytes(maxBytes)}.`,
        { key, size: error.size, maxBytes },
        { cause: error },
      );
    }
    throw error;
  }
}

/** Reads a UTF-8 text file; bytes that are not UTF-8 will not become valid on retry either. */
export async function readSourceText(files: FileStore, key: string, maxBytes: number): Promise<string> {
  const bytes = await readSourceFile(files, key, maxBytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new PermanentJobError(`The file "${key}" is not UTF-8 text.`, { key }, { cause: error });
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}
