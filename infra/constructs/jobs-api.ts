import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AccessLogField,
  AccessLogFormat,
  type IResource,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  ResponseType,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { API_ROUTES, splitRoute } from '../routes.ts';

export interface JobsApiProps {
  readonly handler: IFunction;
  readonly stageName: string;
  /** @default 100 requests/s steady, 200 burst */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
  /** @default RetentionDays.ONE_MONTH */
  readonly accessLogRetention?: RetentionDays;
}

const JSON_ERROR = (code: string, message: string) =>
  JSON.stringify({ error: { code, message, details: {} } }).replace(
    '{}',
    '{"requestId":"$context.requestId"}',
  );

/**
 * One JSON line per request. Beyond who/what/status it carries the gateway's own error and the Lambda
 * latency, which is what execution logs would otherwise be turned on for.
 */
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: AccessLogField.contextRequestId(),
    ip: AccessLogField.contextIdentitySourceIp(),
    requestTime: AccessLogField.contextRequestTime(),
    httpMethod: AccessLogField.contextHttpMethod(),
    resourcePath: AccessLogField.contextResourcePath(),
    status: AccessLogField.contextStatus(),
    protocol: AccessLogField.contextProtocol(),
    responseLength: AccessLogField.contextResponseLength(),
    responseLatency: AccessLogField.contextResponseLatency(),
    integrationStatus: AccessLogField.contextIntegrationStatus(),
    integrationLatency: AccessLogField.contextIntegrationLatency(),
    errorType: AccessLogField.contextErrorResponseType(),
    errorMessage: AccessLogField.contextErrorMessage(),
  }),
);

/**
 * A REST API (not HTTP API: LocalStack's free edition lacks HTTP APIs, and REST brings usage plans)
 * with one method per route in routes.ts, all proxied to the API function.
 */
export class JobsApi extends Construct {
  public readonly api: RestApi;
  /** Access logs of the stage, kept for `accessLogRetention`. */
  public readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: JobsApiProps) {
    super(scope, id);
    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.accessLogRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.api = new RestApi(this, 'RestApi', {
      description: 'sqs-jobs: submit, read and watch background jobs',
      deployOptions: {
        stageName: props.stageName,
        throttlingRateLimit: props.throttle?.rateLimit ?? 100,
        throttlingBurstLimit: props.throttle?.burstLimit ?? 200,
        loggingLevel: MethodLoggingLevel.OFF,
        tracingEnabled: true,
        accessLogDestination: new LogGroupLogDestination(this.accessLogs),
        accessLogFormat: ACCESS_LOG_FORMAT,
      },
      // Logging needs the account-wide API Gateway CloudWatch role (a one-time account setting). CDK's
      // cloudWatchRole would make every stage's stack own and overwrite that one setting.
      cloudWatchRole: false,
    });
    // Unknown routes and gateway-level errors answer in the API's own JSON error shape.
    this.api.addGatewayResponse('NotFound', {
      type: ResponseType.MISSING_AUTHENTICATION_TOKEN,
      statusCode: '404',
      templates: { 'application/json': JSON_ERROR('NotFound', 'No such route.') },
    });
    this.api.addGatewayResponse('Throttled', {
      type: ResponseType.THROTTLED,
      statusCode: '429',
      responseHeaders: { 'Retry-After': "'1'" },
      templates: { 'application/json': JSON_ERROR('Throttled', 'Too many requests; retry later.') },
    });
    this.api.addGatewayResponse('TooLarge', {
      type: ResponseType.REQUEST_TOO_LARGE,
      statusCode: '413',
      templates: { 'application/json': JSON_ERROR('PayloadTooLarge', 'The request body is too large.') },
    });

    // Bodies are validated by the API function against its own schema, the same code the local runtime
    // runs; the gateway rejects requests missing a declared parameter before they cost an invocation.
    const validator = this.api.addRequestValidator('Validator', {
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    const integration = new LambdaIntegration(props.handler, { proxy: true });
    for (const route of API_ROUTES) {
      const { method, path } = splitRoute(route);
      this.resourceFor(path).addMethod(method, integration, {
        requestValidator: validator,
        requestParameters: pathParameters(path),
      });
    }
  }

  private resourceFor(path: string): IResource {
    return path
      .split('/')
      .filter(Boolean)
      .reduce<IResource>(
        (parent, part) => parent.getResource(part) ?? parent.addResource(part),
        this.api.root,
      );
  }
}

/** `/jobs/{id}` → `{ 'method.request.path.id': true }`: every path variable is required. */
function pathParameters(path: string): Record<string, boolean> {
  return Object.fromEntries(
    [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [`method.request.path.${name}`, true]),
  );
}
