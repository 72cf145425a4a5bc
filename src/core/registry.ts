import type { z } from 'zod';
import type { JsonValue } from './json.ts';
import type { FileStore } from './ports.ts';

/** What a job handler gets besides its payload. */
export interface JobContext {
  readonly jobId: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
  readonly maxAttempts: number;
  /** Aborted when the job must stop (time limit, cancel, shutdown). */
  readonly signal: AbortSignal;
  readonly files: FileStore;
}

export type JobHandler<P> = (payload: P, context: JobContext) => Promise<JsonValue>;

/** A job type's contract: what the API validates. Kept apart from the handler so the API bundle stays small. */
export interface JobTypeSpec<S extends z.ZodType = z.ZodType> {
  readonly description: string;
  readonly schema: S;
  readonly maxAttempts?: number;
  /** Time limit of one attempt; the worker also stops a job before its own function timeout. */
  readonly timeoutSeconds?: number;
}

export function defineJobType<S extends z.ZodType>(spec: JobTypeSpec<S>): JobTypeSpec<S> {
  return spec;
}

export type SpecRegistry = Readonly<Record<string, JobTypeSpec>>;

/** One handler per spec, typed by that spec's payload. */
export type HandlerRegistry<R extends SpecRegistry> = {
  readonly [K in keyof R]: JobHandler<z.output<R[K]['schema']>>;
};
