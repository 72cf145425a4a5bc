import type { JobStatus } from '../core/status.ts';

/** Every error the client raises; tell them apart by class or by `code`. */
export class SqsJobsClientError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** `createClient` was given options it cannot work with (or a method an argument it cannot send). */
export class InvalidArgumentError extends SqsJobsClientError {
  constructor(message: string) {
    super('InvalidArgument', message);
  }
}

/**
 * A call to the API that did not succeed: every non-2xx answer, after any retries, and every request
 * that got no answer at all (`status` 0, `code` `NetworkError`, the cause attached). `code` is the
 * API's own (`JobNotFound`, `ValidationError`, `Backpressure`, `Forbidden`, …, see the README's error
 * table); for an answer without the API's JSON error shape it is named after the HTTP status.
 *
 * @example
 * try {
 *   await client.get(id);
 * } catch (error) {
 *   if (error instanceof SqsJobsApiError && error.code === 'JobNotFound') return undefined;
 *   throw error;
 * }
 */
export class SqsJobsApiError extends SqsJobsClientError {
  /** The HTTP status, or 0 when no answer came (network failure). */
  readonly status: number;
  /** The error's `details` from the API (e.g. `issues` of a ValidationError); `{}` when it sent none. */
  readonly details: Readonly<Record<string, unknown>>;
  /** API Gateway's request id (`x-amzn-RequestId`, else the error's `details.requestId`), for the access log. */
  readonly requestId: string | undefined;
  readonly method: string;
  readonly url: string;

  constructor(init: {
    readonly status: number;
    readonly code: string;
    readonly message: string;
    readonly details?: Readonly<Record<string, unknown>>;
    readonly requestId?: string | undefined;
    readonly method: string;
    readonly url: string;
    readonly cause?: unknown;
  }) {
    super(init.code, init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.details = init.details ?? {};
    this.requestId = init.requestId;
    this.method = init.method;
    this.url = init.url;
  }
}

/** `waitFor` ran out of time before the job reached a final status. */
export class WaitTimeoutError extends SqsJobsClientError {
  constructor(
    readonly jobId: string,
    readonly timeoutMs: number,
    /** The status last seen, if any answer came. */
    readonly lastStatus: JobStatus | undefined,
  ) {
    super(
      'WaitTimeout',
      `Job ${jobId} did not finish within ${timeoutMs} ms (last status: ${lastStatus ?? 'unknown'}).`,
    );
  }
}
