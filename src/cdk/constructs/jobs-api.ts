import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AccessLogField,
  AccessLogFormat,
  ApiKey,
  AuthorizationType,
  type IApiKey,
  type IResource,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  Period,
  ResponseType,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import { Grant, type IGrantable, ManagedPolicy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { API_ROUTES, PUBLIC_ROUTES, splitRoute } from '../../http/routes.ts';
import { type GatewayError, gatewayErrorsFor, gatewayErrorTemplate } from '../gateway-responses.ts';

/**
 * How callers of every route but PUBLIC_ROUTES prove who they are:
 * - `apiKey`: an API key (`x-api-key`) of a usage plan with the throttle and this daily quota;
 * - `iam`: a SigV4 signature of an AWS identity allowed `execute-api:Invoke` on the route (see
 *   `readPolicy`, `adminPolicy`, `grantRead`, `grantAdmin`);
 * - `none`: nobody; anyone who finds the URL may read and submit.
 */
export type JobsApiAuth =
  | { readonly mode: 'apiKey'; readonly quotaPerDay: number }
  | { readonly mode: 'iam' }
  | { readonly mode: 'none' };

export interface JobsApiProps {
  readonly handler: IFunction;
  readonly stageName: string;
  /** @default 100 requests/s steady, 200 burst */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
  /** Who may call every route but PUBLIC_ROUTES. */
  readonly auth: JobsApiAuth;
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
    // Who called: the API key's id (auth=apiKey), or the signing identity (auth=iam).
    apiKeyId: AccessLogField.contextIdentityApiKeyId(),
    caller: AccessLogField.contextIdentityCaller(),
    userArn: AccessLogField.contextIdentityUserArn(),
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
  /** The key callers send as `x-api-key`, with auth `apiKey` (its value: `aws apigateway get-api-key --include-value`). */
  public readonly apiKey?: IApiKey;
  /**
   * With auth `iam`: `execute-api:Invoke` on the GET routes (jobs, status, stats, metrics), to attach
   * to dashboards, scrapers and people on call.
   */
  public readonly readPolicy?: ManagedPolicy;
  /** With auth `iam`: `execute-api:Invoke` on every route (submit, cancel, retry, redrive, and the reads). */
  public readonly adminPolicy?: ManagedPolicy;

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
    for (const [type, error] of Object.entries(gatewayErrorsFor(props.auth.mode)) as [
      string,
      GatewayError,
    ][]) {
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
        apiKeyRequired: props.auth.mode === 'apiKey' && !PUBLIC_ROUTES.has(route),
        authorizationType:
          props.auth.mode === 'iam' && !PUBLIC_ROUTES.has(route)
            ? AuthorizationType.IAM
            : AuthorizationType.NONE,
      });
    }

    if (props.auth.mode === 'iam') {
      this.readPolicy = new ManagedPolicy(this, 'ReadPolicy', {
        description: 'sqs-jobs API: read jobs, status, stats and metrics (GET routes)',
        statements: [this.invokeStatement(this.readRoutes())],
      });
      this.adminPolicy = new ManagedPolicy(this, 'AdminPolicy', {
        description: 'sqs-jobs API: every route (submit, cancel, retry, redrive, reads)',
        statements: [this.invokeStatement(this.allRoutes())],
      });
    }
    if (props.auth.mode === 'apiKey') {
      const key = new ApiKey(this, 'ApiKey', { description: 'sqs-jobs default API key' });
      const plan = this.api.addUsagePlan('UsagePlan', {
        description: 'Throttle and daily quota per API key',
        throttle: { rateLimit: throttle.rateLimit, burstLimit: throttle.burstLimit },
        quota: { limit: props.auth.quotaPerDay, period: Period.DAY },
        apiStages: [{ api: this.api, stage: this.api.deploymentStage }],
      });
      plan.addApiKey(key);
      this.apiKey = key;
    }
  }

  /**
   * Lets `grantee` call the GET routes with SigV4 (auth `iam`): a dashboard, a scraper, a reader.
   * The identity policy alone decides, as the API has no resource policy.
   */
  grantRead(grantee: IGrantable): Grant {
    return Grant.addToPrincipal({
      grantee,
      actions: ['execute-api:Invoke'],
      resourceArns: this.readRoutes(),
    });
  }

  /** Lets `grantee` call every route with SigV4 (auth `iam`): a producer, an operator. */
  grantAdmin(grantee: IGrantable): Grant {
    return Grant.addToPrincipal({ grantee, actions: ['execute-api:Invoke'], resourceArns: this.allRoutes() });
  }

  /** `arn:…:execute-api:<region>:<account>:<api>/<stage>/GET/*`: every GET route of the stage. */
  private readRoutes(): string[] {
    return [this.api.arnForExecuteApi('GET', '/*', this.api.deploymentStage.stageName)];
  }

  private allRoutes(): string[] {
    return [this.api.arnForExecuteApi('*', '/*', this.api.deploymentStage.stageName)];
  }

  private invokeStatement(resources: string[]): PolicyStatement {
    return new PolicyStatement({ actions: ['execute-api:Invoke'], resources });
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
