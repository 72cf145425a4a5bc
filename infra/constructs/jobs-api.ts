import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AccessLogField,
  AccessLogFormat,
  ApiKey,
  type IApiKey,
  type IResource,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  Period,
  ResponseType,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { GATEWAY_ERRORS, type GatewayError, gatewayErrorTemplate } from '../gateway-responses.ts';
import { API_ROUTES, PUBLIC_ROUTES, splitRoute } from '../routes.ts';

export interface JobsApiProps {
  readonly handler: IFunction;
  readonly stageName: string;
  /** @default 100 requests/s steady, 200 burst */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
  /**
   * Require an API key on every route but PUBLIC_ROUTES: one key is created, in a usage plan with the
   * throttle above and this daily quota. Undefined: no keys (the local stage's default).
   */
  readonly apiKeys?: { readonly quotaPerDay: number };
  /** @default RetentionDays.ONE_MONTH */
  readonly accessLogRetention?: RetentionDays;
  /** X-Ray tracing on the stage. @default true */
  readonly tracing?: boolean;
}

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
  /** The key callers send as `x-api-key`, when keys are on (its value: `aws apigateway get-api-key --include-value`). */
  public readonly apiKey?: IApiKey;

  constructor(scope: Construct, id: string, props: JobsApiProps) {
    super(scope, id);
    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.accessLogRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const throttle = props.throttle ?? { rateLimit: 100, burstLimit: 200 };
    this.api = new RestApi(this, 'RestApi', {
      description: 'sqs-jobs: submit, read and watch background jobs',
      deployOptions: {
        stageName: props.stageName,
        throttlingRateLimit: throttle.rateLimit,
        throttlingBurstLimit: throttle.burstLimit,
        loggingLevel: MethodLoggingLevel.OFF,
        tracingEnabled: props.tracing ?? true,
        accessLogDestination: new LogGroupLogDestination(this.accessLogs),
        accessLogFormat: ACCESS_LOG_FORMAT,
      },
      // Logging needs the account-wide API Gateway CloudWatch role (a one-time account setting). CDK's
      // cloudWatchRole would make every stage's stack own and overwrite that one setting.
      cloudWatchRole: false,
    });
    // Unknown routes and gateway-level errors answer in the API's own JSON error shape.
    for (const [type, error] of Object.entries(GATEWAY_ERRORS) as [string, GatewayError][]) {
      this.api.addGatewayResponse(error.id, {
        type: ResponseType.of(type),
        statusCode: String(error.statusCode),
        ...(error.headers
          ? {
              responseHeaders: Object.fromEntries(
                Object.entries(error.headers).map(([name, value]) => [name, `'${value}'`]),
              ),
            }
          : {}),
        templates: { 'application/json': gatewayErrorTemplate(error) },
      });
    }
    // Anything else the gateway answers itself still comes as the API's JSON error shape.
    for (const [id, type] of [
      ['Default4xx', ResponseType.DEFAULT_4XX],
      ['Default5xx', ResponseType.DEFAULT_5XX],
    ] as const) {
      this.api.addGatewayResponse(id, {
        type,
        templates: {
          'application/json':
            '{"error":{"code":"$context.error.responseType","message":$context.error.messageString,"details":{"requestId":"$context.requestId"}}}',
        },
      });
    }

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
        apiKeyRequired: props.apiKeys !== undefined && !PUBLIC_ROUTES.has(route),
      });
    }

    if (props.apiKeys) {
      const key = new ApiKey(this, 'ApiKey', { description: 'sqs-jobs default API key' });
      const plan = this.api.addUsagePlan('UsagePlan', {
        description: 'Throttle and daily quota per API key',
        throttle: { rateLimit: throttle.rateLimit, burstLimit: throttle.burstLimit },
        quota: { limit: props.apiKeys.quotaPerDay, period: Period.DAY },
        apiStages: [{ api: this.api, stage: this.api.deploymentStage }],
      });
      plan.addApiKey(key);
      this.apiKey = key;
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
