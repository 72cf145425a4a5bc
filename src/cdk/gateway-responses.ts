/**
 * The errors API Gateway answers itself, before or instead of the API function, in the API's own JSON
 * error shape. The stack declares one gateway response per entry; the local gateway renders them from
 * the template; the e2e suite expects them from the same list (test/e2e/target.ts).
 */
export interface GatewayError {
  /** The construct id of the gateway response (kept stable: it names the CloudFormation resource). */
  readonly id: string;
  readonly statusCode: number;
  readonly code: string;
  readonly message: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export const GATEWAY_ERRORS = {
  // Unknown routes: API Gateway's MISSING_AUTHENTICATION_TOKEN, a 403 unless told otherwise.
  MISSING_AUTHENTICATION_TOKEN: {
    id: 'NotFound',
    statusCode: 404,
    code: 'NotFound',
    message: 'No such route.',
  },
  THROTTLED: {
    id: 'Throttled',
    statusCode: 429,
    code: 'Throttled',
    message: 'Too many requests; retry later.',
    headers: { 'Retry-After': '1' },
  },
  REQUEST_TOO_LARGE: {
    id: 'TooLarge',
    statusCode: 413,
    code: 'PayloadTooLarge',
    message: 'The request body is too large.',
  },
  // API Gateway answers a missing key and a wrong key alike, with INVALID_API_KEY.
  INVALID_API_KEY: {
    id: 'InvalidApiKey',
    statusCode: 403,
    code: 'Forbidden',
    message: 'Missing or invalid API key: send it in the x-api-key header.',
  },
  QUOTA_EXCEEDED: {
    id: 'QuotaExceeded',
    statusCode: 429,
    code: 'QuotaExceeded',
    message: "This API key's daily request quota is used up.",
  },
  // IAM authorization (-c auth=iam): a signature that does not match, or an unknown access key.
  INVALID_SIGNATURE: {
    id: 'InvalidSignature',
    statusCode: 403,
    code: 'InvalidSignature',
    message: 'The request signature or access key is not valid: sign requests with SigV4 for execute-api.',
  },
  // A signature older (or newer) than API Gateway's 5 minutes, or expired temporary credentials.
  EXPIRED_TOKEN: {
    id: 'ExpiredToken',
    statusCode: 403,
    code: 'ExpiredToken',
    message:
      'The signature or the security token has expired: sign the request again with fresh credentials.',
  },
  // A valid signature from an identity whose policies do not allow execute-api:Invoke on the route.
  ACCESS_DENIED: {
    id: 'AccessDenied',
    statusCode: 403,
    code: 'AccessDenied',
    message: 'This identity may not call this route (a read identity may only call GET routes).',
  },
} as const satisfies Record<string, GatewayError>;

export type GatewayErrorType = keyof typeof GATEWAY_ERRORS;

/**
 * With IAM authorization, API Gateway answers an unsigned request with MISSING_AUTHENTICATION_TOKEN,
 * the same type as an unknown route: one answer must then serve both, and a 404 would send the
 * caller of a real route looking for a typo.
 */
export const IAM_MISSING_AUTHENTICATION_TOKEN = {
  id: 'NotFound',
  statusCode: 403,
  code: 'MissingAuthenticationToken',
  message: 'No such route, or the request is not signed: this API takes SigV4-signed requests (IAM).',
} as const satisfies GatewayError;

/** The gateway errors a stage declares, for its authorization mode. */
export function gatewayErrorsFor(auth: 'apiKey' | 'iam' | 'none'): Record<GatewayErrorType, GatewayError> {
  return auth === 'iam'
    ? { ...GATEWAY_ERRORS, MISSING_AUTHENTICATION_TOKEN: IAM_MISSING_AUTHENTICATION_TOKEN }
    : GATEWAY_ERRORS;
}

/** The response template: the API's error body, with the gateway's request id in the details. */
export function gatewayErrorTemplate(error: Pick<GatewayError, 'code' | 'message'>): string {
  return JSON.stringify({ error: { code: error.code, message: error.message, details: {} } }).replace(
    '{}',
    '{"requestId":"$context.requestId"}',
  );
}
