import {
  GATEWAY_ERRORS,
  type GatewayError,
  IAM_MISSING_AUTHENTICATION_TOKEN,
} from '../../cdk/gateway-responses.ts';
import { statusOfCode } from '../error-mapper.ts';

/**
 * The error codes the API function answers with, and what each tells a caller. Their statuses come
 * from the one HTTP error mapper, so the document cannot say 400 where the API says 409.
 */
export const FUNCTION_ERRORS = {
  MalformedJson: 'The body is not valid JSON.',
  InvalidEncoding: 'The body is not valid UTF-8.',
  ValidationError:
    'The body or a query parameter fails its schema (`details` names the field), or has unknown fields.',
  UnknownJobType: 'No such job type; `details.knownTypes` lists them.',
  InvalidCursor: 'The cursor is not one this API handed out for this status filter.',
  PayloadTooLarge: 'The body is over 256 KB (the SQS message limit).',
  UnsupportedMediaType:
    'A content type other than JSON, text/plain or application/x-www-form-urlencoded, or a compressed body.',
  JobNotFound: 'No job with this id.',
  BatchNotFound: 'No batch with this id (a batch is kept 30 days).',
  NotFound: 'No such file.',
  JobFinished: 'The job already finished.',
  JobNotRetryable: 'Only failed or canceled jobs can be retried.',
  JobNotScheduled: 'Only a scheduled job can be rescheduled; a pending one is already on the queue.',
  IdempotencyKeyReused:
    'The idempotency key is held by a job submitted with a different request (type, payload, maxAttempts or start); `details.id` is that job.',
  IdempotencyKeyBusy: 'Many submissions raced for this idempotency key; try again.',
  InvalidSchedule:
    'The schedule expression or its time zone cannot be read (`details.expression`, `details.timezone`).',
  ScheduleNotFound: 'No schedule with this name.',
  ScheduleDeclared: 'The schedule is declared in the jobs module: change or remove it there, and deploy.',
  Backpressure: 'The queue holds more than the stack’s maxBacklog jobs: retry after `Retry-After` seconds.',
  EnqueueFailed: 'The queue refused the message; the job was not accepted. Try again.',
  InternalError: 'An unexpected error; `details.requestId` finds it in the logs.',
} as const;

export type FunctionErrorCode = keyof typeof FUNCTION_ERRORS;

/** Errors of the routes that read a JSON body. */
export const BODY_ERRORS = [
  'MalformedJson',
  'InvalidEncoding',
  'ValidationError',
  'PayloadTooLarge',
  'UnsupportedMediaType',
] as const satisfies readonly FunctionErrorCode[];

/** API Gateway answers these itself on routes that need a caller identity (API key or SigV4). */
const AUTH_GATEWAY_ERRORS: readonly GatewayError[] = [
  GATEWAY_ERRORS.INVALID_API_KEY,
  GATEWAY_ERRORS.QUOTA_EXCEEDED,
  IAM_MISSING_AUTHENTICATION_TOKEN,
  GATEWAY_ERRORS.INVALID_SIGNATURE,
  GATEWAY_ERRORS.EXPIRED_TOKEN,
  GATEWAY_ERRORS.ACCESS_DENIED,
];

export interface DocumentedError {
  readonly status: number;
  readonly code: string;
  readonly description: string;
  /** The answer carries `Retry-After` (seconds). */
  readonly retryAfter: boolean;
}

/** Every error one route can answer with: its own, the gateway's for its auth, throttles and size. */
export function routeErrors(
  codes: readonly FunctionErrorCode[],
  route: { readonly public: boolean; readonly body: boolean },
): DocumentedError[] {
  const own = [...codes, 'InternalError' as const].map((code) => ({
    status: code === 'InternalError' ? 500 : statusOfCode(code),
    code,
    description: FUNCTION_ERRORS[code],
    retryAfter: code === 'Backpressure',
  }));
  const gateway: DocumentedError[] = [
    ...(route.public ? [] : AUTH_GATEWAY_ERRORS),
    GATEWAY_ERRORS.THROTTLED,
    ...(route.body ? [GATEWAY_ERRORS.REQUEST_TOO_LARGE] : []),
  ].map((error: GatewayError) => ({
    status: error.statusCode,
    code: error.code,
    description: `${error.message} (API Gateway)`,
    retryAfter: error.headers?.['Retry-After'] !== undefined,
  }));
  // PayloadTooLarge comes from both (the function's 256 KB, the gateway's 10 MB): listed once.
  const byCode = new Map<string, DocumentedError>();
  for (const error of [...own, ...gateway]) if (!byCode.has(error.code)) byCode.set(error.code, error);
  return [...byCode.values()];
}
