import {
  type IResource,
  LambdaIntegration,
  MethodLoggingLevel,
  ResponseType,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { API_ROUTES, splitRoute } from '../routes.ts';

export interface JobsApiProps {
  readonly handler: IFunction;
  readonly stageName: string;
  /** @default 100 requests/s steady, 200 burst */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
}

const JSON_ERROR = (code: string, message: string) =>
  JSON.stringify({ error: { code, message, details: {} } }).replace(
    '{}',
    '{"requestId":"$context.requestId"}',
  );

/**
 * A REST API (not HTTP API: LocalStack's free edition lacks HTTP APIs, and REST brings usage plans)
 * with one method per route in routes.ts, all proxied to the API function.
 */
export class JobsApi extends Construct {
  public readonly api: RestApi;

  constructor(scope: Construct, id: string, props: JobsApiProps) {
    super(scope, id);
    this.api = new RestApi(this, 'RestApi', {
      description: 'sqs-jobs: submit, read and watch background jobs',
      deployOptions: {
        stageName: props.stageName,
        throttlingRateLimit: props.throttle?.rateLimit ?? 100,
        throttlingBurstLimit: props.throttle?.burstLimit ?? 200,
        loggingLevel: MethodLoggingLevel.OFF,
        tracingEnabled: true,
      },
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

    const integration = new LambdaIntegration(props.handler, { proxy: true });
    for (const route of API_ROUTES) {
      const { method, path } = splitRoute(route);
      this.resourceFor(path).addMethod(method, integration);
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
