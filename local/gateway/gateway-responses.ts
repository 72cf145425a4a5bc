import type { GatewayResponseModel } from '../template/api.ts';
import type { HttpResponse } from './response.ts';

/** The gateway responses the emulation produces itself (not the function). */
export type GatewayResponseType =
  | 'MISSING_AUTHENTICATION_TOKEN'
  | 'REQUEST_TOO_LARGE'
  | 'INTEGRATION_TIMEOUT'
  /** A method with ApiKeyRequired got no key, or one no usage plan knows. */
  | 'INVALID_API_KEY'
  | 'THROTTLED'
  | 'QUOTA_EXCEEDED'
  /** AWS_IAM methods: a signature that does not match, or an access key no local identity has. */
  | 'INVALID_SIGNATURE'
  /** AWS_IAM methods: a signature dated more than 5 minutes from now. */
  | 'EXPIRED_TOKEN'
  /** AWS_IAM methods: the signer's policies do not allow execute-api:Invoke on the method. */
  | 'ACCESS_DENIED'
  /** A function error or a malformed proxy result: API Gateway's 502 "Internal server error". */
  | 'LAMBDA_ERROR';

/** What API Gateway answers when the template does not customize a response. */
const BUILT_IN: Readonly<
  Record<GatewayResponseType, { statusCode: number; message: string; family: string }>
> = {
  MISSING_AUTHENTICATION_TOKEN: {
    statusCode: 403,
    message: 'Missing Authentication Token',
    family: 'DEFAULT_4XX',
  },
  REQUEST_TOO_LARGE: { statusCode: 413, message: 'Request Too Long', family: 'DEFAULT_4XX' },
  INVALID_API_KEY: { statusCode: 403, message: 'Forbidden', family: 'DEFAULT_4XX' },
  THROTTLED: { statusCode: 429, message: 'Too Many Requests', family: 'DEFAULT_4XX' },
  QUOTA_EXCEEDED: { statusCode: 429, message: 'Limit Exceeded', family: 'DEFAULT_4XX' },
  INVALID_SIGNATURE: {
    statusCode: 403,
    message:
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
    family: 'DEFAULT_4XX',
  },
  EXPIRED_TOKEN: { statusCode: 403, message: 'Signature expired', family: 'DEFAULT_4XX' },
  ACCESS_DENIED: {
    statusCode: 403,
    message: 'User is not authorized to access this resource with an explicit deny',
    family: 'DEFAULT_4XX',
  },
  INTEGRATION_TIMEOUT: { statusCode: 504, message: 'Endpoint request timed out', family: 'DEFAULT_5XX' },
  LAMBDA_ERROR: { statusCode: 502, message: 'Internal server error', family: 'DEFAULT_5XX' },
};

/** Renders gateway responses, using the template's AWS::ApiGateway::GatewayResponse overrides. */
export class GatewayResponses {
  private readonly byType: ReadonlyMap<string, GatewayResponseModel>;

  constructor(models: readonly GatewayResponseModel[]) {
    this.byType = new Map(models.map((model) => [model.responseType, model]));
  }

  /** API Gateway's own message for the type (`$context.error.message`). */
  message(type: GatewayResponseType): string {
    return BUILT_IN[type].message;
  }

  render(type: GatewayResponseType, context: { readonly requestId: string }): HttpResponse {
    const builtIn = BUILT_IN[type];
    const custom = this.byType.get(type) ?? this.byType.get(builtIn.family);
    const template = custom?.templates['application/json'];
    const variables: Record<string, string> = {
      '$context.requestId': context.requestId,
      '$context.error.message': builtIn.message,
      '$context.error.messageString': JSON.stringify(builtIn.message),
      '$context.error.responseType': type === 'LAMBDA_ERROR' ? builtIn.family : type,
    };
    const body =
      template === undefined
        ? JSON.stringify({ message: builtIn.message })
        : template.replace(/\$context\.[\w.]+/g, (name) => variables[name] ?? name);
    return {
      statusCode: custom?.statusCode ?? builtIn.statusCode,
      headers: [['Content-Type', 'application/json'], ...Object.entries(custom?.headers ?? {})],
      body: Buffer.from(body),
    };
  }
}
