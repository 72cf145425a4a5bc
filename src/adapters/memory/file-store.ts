import { FileNotFoundError, FileTooLargeError } from '../../core/errors.ts';
import type { Clock, FileStore, StoredFile } from '../../core/ports.ts';
import { systemClock } from '../../core/ports.ts';

interface MemoryFile {
  readonly body: Uint8Array;
  readonly contentType: string | undefined;
  lastModified: Date;
}

export interface MemoryFileStat extends StoredFile {
  readonly contentType: string | undefined;
}

/**
 * The files bucket kept in a Map, for unit tests. Behaves like the S3 adapter where handlers can tell
 * (keys listed in order, bodies copied so a caller cannot mutate what is stored).
 */
export class MemoryFileStore implements FileStore {
  readonly #files = new Map<string, MemoryFile>();
  readonly #clock: Clock;

  /** The clock stamps lastModified on put; tests pass a fixed or movable one to age files. */
  constructor(clock: Clock = systemClock) {
    this.#clock = clock;
  }

  async get(key: string, options: { readonly maxBytes?: number } = {}): Promise<Uint8Array> {
    const file = this.#files.get(key);
    if (!file) throw new FileNotFoundError(key);
    if (options.maxBytes !== undefined && file.body.length > options.maxBytes)
      throw new FileTooLargeError(key, file.body.length, options.maxBytes);
    return file.body.slice();
  }

  async put(key: string, body: Uint8Array | string, contentType?: string): Promise<void> {
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body.slice();
    this.#files.set(key, { body: bytes, contentType, lastModified: this.#clock.now() });
  }

  async list(prefix: string): Promise<StoredFile[]> {
    return [...this.#files.keys()]
      .filter((key) => key.startsWith(prefix))
      .sort()
      .map((key) => this.#storedFile(key));
  }

  async delete(keys: readonly string[]): Promise<number> {
    let deleted = 0;
    for (const key of new Set(keys)) if (this.#files.delete(key)) deleted += 1;
    return deleted;
  }

  /** Test helper: what S3 would show in a HEAD, including the content type. */
  stat(key: string): MemoryFileStat | undefined {
    const file = this.#files.get(key);
    return file && { ...this.#storedFile(key), contentType: file.contentType };
  }

  /** Test helper: ages a file without waiting, e.g. for the cleanup job. */
  setLastModified(key: string, lastModified: Date): void {
    const file = this.#files.get(key);
    if (!file) throw new FileNotFoundError(key);
    file.lastModified = lastModified;
  }

  #storedFile(key: string): StoredFile {
    const file = this.#files.get(key)!;
    return { key, size: file.body.byteLength, lastModified: file.lastModified };
  }
}
