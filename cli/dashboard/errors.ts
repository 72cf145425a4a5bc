/**
 * Why a refresh failed, worded for the person watching the dashboard: the message is shown as is,
 * on one line, in place of the numbers, so it says what is wrong and, where it can, what to do.
 */
export class DashboardError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** No HTTP answer at all: refused, unknown host, TLS failure, timeout. */
export class ApiUnreachableError extends DashboardError {
  readonly origin: string;

  constructor(origin: string, reason: string, options?: { cause?: unknown }) {
    super(`Cannot reach ${origin}: ${reason}`, options);
    this.origin = origin;
  }
}

/** The API answered, but not with 200. */
export class ApiStatusError extends DashboardError {
  /** "GET /status" */
  readonly request: string;
  readonly status: number;

  constructor(request: string, status: number, message: string) {
    super(message);
    this.request = request;
    this.status = status;
  }
}

/** A 200 whose body is not what the contract in src/core/stats.ts says. */
export class UnexpectedResponseError extends DashboardError {
  /** "GET /status" */
  readonly request: string;

  constructor(request: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.request = request;
  }
}
