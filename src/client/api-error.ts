import { SqsJobsApiError } from './errors.ts';

/** Codes for answers that do not carry the API's `{"error": {...}}` body (a proxy's, a bare gateway's). */
const CODE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  413: 'PayloadTooLarge',
  429: 'TooManyRequests',
  500: 'InternalError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

/** A text body is shown in the message up to this length (an HTML error page can be long). */
const MAX_TEXT_IN_MESSAGE = 300;

/** The request an answer belongs to, for the error's message and fields. */
export interface RequestLine {
  readonly method: string;
  readonly url: string;
}

/**
 * Reads an error answer: the API's `{"error": {"code","message","details"}}`, a gateway's
 * `{"message": "Forbidden"}`, or any other body (named after the status, its text in the message).
 */
export function apiErrorFrom(
  status: number,
  headers: Headers,
  text: string,
  request: RequestLine,
): SqsJobsApiError {
  const body = parseJson(text);
  const shaped = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  const details = shaped && isRecord(shaped.details) ? shaped.details : {};
  const code =
    (shaped && typeof shaped.code === 'string' && shaped.code) ||
    amznErrorType(headers) ||
    CODE_BY_STATUS[status] ||
    'HttpError';
  const said =
    (shaped && typeof shaped.message === 'string' && shaped.message) ||
    (isRecord(body) && typeof body.message === 'string' && body.message) ||
    (body === undefined && text.trim() !== '' ? text.trim().slice(0, MAX_TEXT_IN_MESSAGE) : '');
  // The API's own message as it said it (a UI may show it); the request is in the error's fields.
  const message = said || `${status} ${code} from ${request.method} ${request.url}`;
  const requestId =
    headers.get('x-amzn-requestid') ??
    (typeof details.requestId === 'string' ? details.requestId : undefined);
  return new SqsJobsApiError({ status, code, message, details, requestId, ...request });
}

/** The request got no answer: DNS, refused connection, TLS, a reset mid-answer. */
export function networkError(cause: unknown, request: RequestLine): SqsJobsApiError {
  const reason = cause instanceof Error ? describe(cause) : String(cause);
  return new SqsJobsApiError({
    status: 0,
    code: 'NetworkError',
    message: `${request.method} ${request.url}: no answer (${reason})`,
    cause,
    ...request,
  });
}

/** A 2xx answer whose body is not the JSON the route sends (a captive portal, a wrong URL). */
export function unreadableAnswer(
  status: number,
  headers: Headers,
  text: string,
  request: RequestLine,
): SqsJobsApiError {
  return new SqsJobsApiError({
    status,
    code: 'InvalidResponse',
    message: `${request.method} ${request.url}: ${status} with a body that is not the API's answer: ${text.slice(0, MAX_TEXT_IN_MESSAGE)}`,
    requestId: headers.get('x-amzn-requestid') ?? undefined,
    ...request,
  });
}

/** undici's "fetch failed" says little; its cause names the real problem (ECONNREFUSED …). */
function describe(error: Error): string {
  const cause = error.cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return `${error.message}: ${typeof code === 'string' ? `${code} ` : ''}${cause.message}`.trim();
  }
  return error.message;
}

/** `x-amzn-ErrorType: ForbiddenException:http://…` → `ForbiddenException`. */
function amznErrorType(headers: Headers): string | undefined {
  return headers.get('x-amzn-errortype')?.split(':')[0]?.trim() || undefined;
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
