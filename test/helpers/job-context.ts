import { MemoryFileStore } from '../../src/adapters/memory/file-store.ts';
import type { FileStore } from '../../src/core/ports.ts';
import type { JobContext } from '../../src/core/registry.ts';

type ContextOverrides = Partial<Omit<JobContext, 'files'>>;

/** A handler's context for tests: first attempt of three, a live signal, an empty in-memory bucket. */
export function jobContext(overrides?: ContextOverrides): JobContext & { files: MemoryFileStore };
export function jobContext<F extends FileStore>(
  overrides: ContextOverrides & { files: F },
): JobContext & { files: F };
export function jobContext(overrides: ContextOverrides & { files?: FileStore } = {}): JobContext {
  return {
    jobId: 'job-0001',
    attempt: 1,
    maxAttempts: 3,
    signal: new AbortController().signal,
    // Reports go nowhere unless a test asks to see them.
    progress: async () => {},
    dependencies: {},
    ...overrides,
    files: overrides.files ?? new MemoryFileStore(),
  };
}
