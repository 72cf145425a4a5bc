import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { SqsJobsError } from '../core/errors.ts';
import { errorBody, json } from './response.ts';

/** HTTP status for each core error code; codes not listed are client errors (400). */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  NotFound: 404,
  JobNotFound: 404,
  BatchNotFound: 404,
  JobAlreadyExists: 409,
  JobFinished: 409,
  JobNotRetryable: 409,
  JobNotScheduled: 409,
  IdempotencyKeyReused: 409,
  IdempotencyKeyBusy: 409,
  ScheduleNotFound: 404,
  ScheduleDeclared: 409,
  Backpressure: 429,
  PayloadTooLarge: 413,
  UnsupportedMediaType: 415,
  EnqueueFailed: 503,
};

export function statusFor(error: SqsJobsError): number {
  return statusOfCode(error.code);
}

/** The status an error code answers with (the OpenAPI document lists codes under their status). */
export function statusOfCode(code: string): number {
  return STATUS_BY_CODE[code] ?? 400;
}

type ApiRequest = Request<APIGatewayProxyEvent, APIGatewayProxyResult>;

/**
 * The API's one error mapper: core errors become `{ "error": { code, message, details } }` with their
 * status; anything else is a 500 that says nothing about internals but the request id.
 */
export function httpErrorMapper(
  log: (message: string, error: unknown) => void = console.error,
): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  return {
    onError: async (request: ApiRequest) => {
      const { error } = request;
      const requestId = request.event?.requestContext?.requestId ?? request.context?.awsRequestId;
      if (error instanceof SqsJobsError) {
        const status = statusFor(error);
        if (status >= 500) log('request failed', error);
        const retryAfter = error.details.retryAfterSeconds;
        const headers: Record<string, string> =
          typeof retryAfter === 'number' ? { 'retry-after': String(retryAfter) } : {};
        request.response = json(status, errorBody(error.code, error.message, { ...error.details }), headers);
        return;
      }
      log('unexpected error', error);
      request.response = json(
        500,
        errorBody('InternalError', 'Internal server error.', requestId ? { requestId } : {}),
      );
    },
  };
}
