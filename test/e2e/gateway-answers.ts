import { expect } from 'vitest';
import { GATEWAY_ERRORS, type GatewayErrorType } from '../../src/cdk/gateway-responses.ts';
import type { E2eTarget } from './target.ts';

/** What a request that API Gateway refuses itself gets back. */
export type GatewayAnswer =
  | {
      readonly enforced: true;
      readonly status: number;
      /** Compare with toEqual: asymmetric matchers stand for what varies per request. */
      readonly body: Readonly<Record<string, unknown>>;
      readonly headers: Readonly<Record<string, string>>;
    }
  | { readonly enforced: false; readonly why: string };

/**
 * LocalStack's REST API gateway (its "next gen" one, the default since 4.0) raises its own exception
 * for each of these and answers with the status code of the gateway response the stack declares,
 * but its own body `{"message": …}` — it does not render response templates or response headers —
 * and an `x-amzn-ErrorType` header (see localstack-core's apigateway/next_gen/execute_api
 * handlers/gateway_exception.py and gateway_response.py). It checks API keys against usage plans but
 * enforces neither throttles nor quotas (handlers/api_key_validation.py); no handler raises its
 * RequestTooLargeError, so the 10 MB limit is not expected there either.
 */
const LOCALSTACK: Readonly<Record<GatewayErrorType, { message: string; errorType: string } | string>> = {
  MISSING_AUTHENTICATION_TOKEN: {
    message: 'Missing Authentication Token',
    errorType: 'MissingAuthenticationTokenException',
  },
  INVALID_API_KEY: { message: 'Forbidden', errorType: 'ForbiddenException' },
  THROTTLED: 'LocalStack does not enforce usage-plan or stage throttles.',
  QUOTA_EXCEEDED: 'LocalStack does not enforce usage-plan quotas.',
  REQUEST_TOO_LARGE: "LocalStack does not enforce API Gateway's 10 MB request limit.",
  INVALID_SIGNATURE: 'LocalStack (community) does not check IAM signatures.',
  EXPIRED_TOKEN: 'LocalStack (community) does not check IAM signatures.',
  ACCESS_DENIED: 'LocalStack (community) does not evaluate IAM policies.',
};

/** The answer to expect from `target` when API Gateway refuses a request with `type`. */
export function gatewayAnswer(target: E2eTarget, type: GatewayErrorType): GatewayAnswer {
  const declared = GATEWAY_ERRORS[type];
  if (target === 'localstack') {
    const own = LOCALSTACK[type];
    if (typeof own === 'string') return { enforced: false, why: own };
    return {
      enforced: true,
      status: declared.statusCode,
      body: { message: own.message },
      headers: { 'x-amzn-errortype': own.errorType },
    };
  }
  return {
    enforced: true,
    status: declared.statusCode,
    body: {
      error: { code: declared.code, message: declared.message, details: { requestId: expect.any(String) } },
    },
    headers: Object.fromEntries(
      Object.entries('headers' in declared ? declared.headers : {}).map(([k, v]) => [k.toLowerCase(), v]),
    ),
  };
}

/** Asserts that `res` is the gateway's answer for `type` on `target` (which must enforce it). */
export function expectGatewayAnswer(
  res: { readonly status: number; readonly headers: Headers; readonly body: unknown },
  target: E2eTarget,
  type: GatewayErrorType,
): void {
  const expected = gatewayAnswer(target, type);
  if (!expected.enforced) throw new Error(`${type} on ${target}: ${expected.why}`);
  const what = `${type} on ${target}: ${res.status} ${JSON.stringify(res.body)}`;
  expect(res.status, what).toBe(expected.status);
  expect(res.body, what).toEqual(expected.body);
  for (const [name, value] of Object.entries(expected.headers)) {
    expect(res.headers.get(name), `${what} (header ${name})`).toBe(value);
  }
}
