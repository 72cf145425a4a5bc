/**
 * Every error the core raises. The HTTP layer maps `code` to a status; anything that is not a
 * SqsJobsError becomes a plain 500 that leaks nothing.
 */
export type ErrorDetails = Readonly<Record<string, unknown>>;

export class SqsJobsError extends Error {
  readonly code: string;
  readonly details: ErrorDetails;

  constructor(code: string, message: string, details: ErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }
}

/** The request is well-formed JSON but does not describe a valid job. */
export class ValidationError extends SqsJobsError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('ValidationError', message, details);
  }
}

export class MalformedJsonError extends SqsJobsError {
  constructor(cause: unknown) {
    super('MalformedJson', 'The request body is not valid JSON.', {}, { cause });
  }
}

export class UnknownJobTypeError extends SqsJobsError {
  constructor(type: string, knownTypes: readonly string[]) {
    super('UnknownJobType', `Unknown job type "${type}". Known types: ${knownTypes.join(', ')}.`, {
      type,
      knownTypes,
    });
  }
}

export class PayloadTooLargeError extends SqsJobsError {
  constructor(bytes: number, limitBytes: number) {
    super('PayloadTooLarge', `The request body is ${bytes} bytes; the limit is ${limitBytes} bytes.`, {
      bytes,
      limitBytes,
    });
  }
}

export class UnsupportedMediaTypeError extends SqsJobsError {
  constructor(contentType: string, supported: readonly string[]) {
    super('UnsupportedMediaType', `Content type "${contentType}" is not supported; send JSON.`, {
      contentType,
      supported,
    });
  }
}

export class JobNotFoundError extends SqsJobsError {
  constructor(readonly jobId: string) {
    super('JobNotFound', `No job with id "${jobId}".`, { id: jobId });
  }
}

export class JobAlreadyExistsError extends SqsJobsError {
  constructor(readonly jobId: string) {
    super('JobAlreadyExists', `A job with id "${jobId}" already exists.`, { id: jobId });
  }
}

/** The job record was written but its message could not be sent; the record was rolled back. */
export class EnqueueError extends SqsJobsError {
  constructor(
    readonly jobId: string,
    cause: unknown,
  ) {
    super(
      'EnqueueFailed',
      'The job could not be queued; it was not accepted. Try again.',
      { id: jobId },
      { cause },
    );
  }
}

/** Thrown by a job handler to say "retrying will not help": the job fails at once. */
export class PermanentJobError extends SqsJobsError {
  constructor(message: string, details: ErrorDetails = {}, options?: { cause?: unknown }) {
    super('PermanentJobError', message, details, options);
  }
}

/** A job handler ran past its time limit. */
export class JobTimeoutError extends SqsJobsError {
  constructor(readonly timeoutMs: number) {
    super('JobTimeout', `The job ran longer than its ${timeoutMs} ms limit.`, { timeoutMs });
  }
}

export class FileNotFoundError extends SqsJobsError {
  constructor(
    readonly key: string,
    options?: { cause?: unknown },
  ) {
    super('FileNotFound', `No file "${key}" in the files bucket.`, { key }, options);
  }
}

/** A file holds more bytes than the reader accepts; found from its size, before its body is read. */
export class FileTooLargeError extends SqsJobsError {
  constructor(
    readonly key: string,
    readonly size: number,
    readonly maxBytes: number,
  ) {
    super('FileTooLarge', `The file "${key}" holds ${size} bytes; at most ${maxBytes} are read.`, {
      key,
      size,
      maxBytes,
    });
  }
}

/** S3 refused to delete some keys of a batch. */
export class FileDeleteError extends SqsJobsError {
  constructor(readonly keys: readonly string[]) {
    super('FileDeleteFailed', `Could not delete ${keys.length} file(s): ${keys.slice(0, 10).join(', ')}`, {
      keys: keys.slice(0, 10),
    });
  }
}

/** The job was canceled while it ran; its handler was asked to stop. */
export class JobCanceledError extends SqsJobsError {
  constructor(readonly jobId: string) {
    super('JobCanceled', `Job ${jobId} was canceled while running.`, { id: jobId });
  }
}

/** Another delivery took the job over (this worker's lease lapsed): stop without recording anything. */
export class LeaseLostError extends SqsJobsError {
  constructor(readonly jobId: string) {
    super('LeaseLost', `This worker no longer owns job ${jobId}.`, { id: jobId });
  }
}

/** The worker that ran the job's last attempt stopped without recording an outcome (crash, kill). */
export class WorkerLostError extends SqsJobsError {
  constructor(readonly jobId: string) {
    super('WorkerLost', `The worker running job ${jobId} stopped before it finished.`, { id: jobId });
  }
}

/** A job that cannot be canceled because it already finished. */
export class JobFinishedError extends SqsJobsError {
  constructor(
    readonly jobId: string,
    readonly status: string,
  ) {
    super('JobFinished', `Job ${jobId} is already ${status}.`, { id: jobId, status });
  }
}

/** A GET /jobs cursor that this API did not hand out (or one from a listing with another status). */
export class InvalidCursorError extends SqsJobsError {
  constructor(reason: string, options?: { cause?: unknown }) {
    super('InvalidCursor', `The cursor is not valid: ${reason}. Start again without one.`, {}, options);
  }
}

/** Another stats run stored its snapshot first; this run's window is already counted. */
export class SnapshotConflictError extends SqsJobsError {
  constructor(readonly previousCoveredUntil: string | null) {
    super('SnapshotConflict', 'Another stats run stored a newer snapshot; this run was discarded.', {
      previousCoveredUntil,
    });
  }
}
