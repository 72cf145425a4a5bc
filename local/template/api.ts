import type { IntrinsicContext } from './intrinsics.ts';
import { type InvokePolicyModel, readInvokePolicies } from './invoke-policies.ts';
import type { PhysicalResources } from './physical.ts';
import { PropertyReader } from './props.ts';
import type { Template } from './types.ts';

export type Integration =
  | { readonly type: 'AWS_PROXY'; readonly functionLogicalId: string }
  | { readonly type: 'unsupported'; readonly reason: string };

export interface RouteModel {
  readonly methodLogicalId: string;
  /** API Gateway's resource id (`requestContext.resourceId`). */
  readonly resourceId: string;
  /** The resource path with its parameters, e.g. "/jobs/{id}" (`event.resource`). */
  readonly resourcePath: string;
  /** Upper case, or "ANY". */
  readonly httpMethod: string;
  readonly integration: Integration;
  /** The method's ApiKeyRequired: callers must send a key of a usage plan in `x-api-key`. */
  readonly apiKeyRequired: boolean;
  /** The method's AuthorizationType: `NONE`, or `AWS_IAM` (SigV4-signed requests; others are not emulated). */
  readonly authorizationType: string;
}

/** What a usage plan limits per API key (each absent when the plan does not set it). */
export interface UsagePlanModel {
  readonly rateLimit?: number;
  readonly burstLimit?: number;
  readonly quota?: { readonly limit: number; readonly period: 'DAY' | 'WEEK' | 'MONTH' };
}

export interface GatewayResponseModel {
  readonly responseType: string;
  readonly statusCode: number | undefined;
  readonly templates: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
}

export interface ApiModel {
  readonly logicalId: string;
  readonly apiId: string;
  readonly stageName: string;
  readonly routes: readonly RouteModel[];
  readonly gatewayResponses: readonly GatewayResponseModel[];
  /** The usage plan attached to this API's stage, if any. */
  readonly usagePlan?: UsagePlanModel;
  /** The stage's access log format ($context variables), if it logs access. */
  readonly accessLogFormat?: string;
  /** Managed policies that grant execute-api:Invoke on this API: the identities AWS_IAM methods accept. */
  readonly invokePolicies: readonly InvokePolicyModel[];
}

/** One REST API's routes, built from its Resource and Method resources the way API Gateway links them. */
export function readRestApi(
  apiLogicalId: string,
  template: Template,
  ctx: IntrinsicContext,
  physical: PhysicalResources,
): ApiModel {
  const apiId = physical.ref(apiLogicalId);
  const belongsToApi = (reader: PropertyReader) => reader.string('RestApiId') === apiId;
  const readers = (type: string) =>
    Object.entries(template.Resources)
      .filter(([, resource]) => resource.Type === type)
      .map(([id, resource]) => new PropertyReader(id, resource, ctx))
      .filter(belongsToApi);

  const rootId = physical.getAtt(apiLogicalId, 'RootResourceId');
  const parents = new Map<string, { parentId: string; pathPart: string; logicalId: string }>();
  for (const reader of readers('AWS::ApiGateway::Resource')) {
    parents.set(physical.ref(reader.logicalId), {
      parentId: reader.requiredString('ParentId'),
      pathPart: reader.requiredString('PathPart'),
      logicalId: reader.logicalId,
    });
  }
  const pathOf = (resourceId: string, seen: readonly string[] = []): string => {
    if (resourceId === rootId) return '';
    const resource = parents.get(resourceId);
    if (!resource || seen.includes(resourceId)) {
      throw new PropertyReader(apiLogicalId, template.Resources[apiLogicalId]!, ctx).error(
        `has a resource chain that does not reach the root (at ${resource?.logicalId ?? resourceId})`,
      );
    }
    return `${pathOf(resource.parentId, [...seen, resourceId])}/${resource.pathPart}`;
  };

  const routes = readers('AWS::ApiGateway::Method').map((reader): RouteModel => {
    const resourceId = reader.requiredString('ResourceId');
    return {
      methodLogicalId: reader.logicalId,
      resourceId,
      resourcePath: pathOf(resourceId) || '/',
      httpMethod: reader.requiredString('HttpMethod').toUpperCase(),
      integration: readIntegration(reader, physical),
      apiKeyRequired: reader.resolved('ApiKeyRequired') === true,
      authorizationType: reader.string('AuthorizationType')?.toUpperCase() ?? 'NONE',
    };
  });

  const gatewayResponses = readers('AWS::ApiGateway::GatewayResponse').map((reader) => {
    const headers: Record<string, string> = {};
    const parameters = reader.resolved('ResponseParameters');
    if (parameters && typeof parameters === 'object' && !Array.isArray(parameters)) {
      for (const [key, value] of Object.entries(parameters)) {
        const header = /^gatewayresponse\.header\.(.+)$/.exec(key)?.[1];
        // Static values are quoted in the template ("'1'"); anything else maps request data, not emulated.
        const literal = typeof value === 'string' ? /^'(.*)'$/.exec(value)?.[1] : undefined;
        if (header && literal !== undefined) headers[header] = literal;
      }
    }
    const templates = reader.resolved('ResponseTemplates');
    const statusCode = reader.number('StatusCode');
    return {
      responseType: reader.requiredString('ResponseType'),
      statusCode,
      templates:
        templates && typeof templates === 'object' && !Array.isArray(templates)
          ? Object.fromEntries(Object.entries(templates).map(([type, body]) => [type, String(body)]))
          : {},
      headers,
    };
  });

  const stageReader = readers('AWS::ApiGateway::Stage')[0];
  const stage = stageReader?.string('StageName');
  // The format alone: the destination is a CloudWatch log group, which has no local counterpart.
  const accessLogFormat = objectOf(stageReader?.raw('AccessLogSetting'))?.Format;
  const deploymentStage = readers('AWS::ApiGateway::Deployment')[0]?.string('StageName');
  const usagePlan = readUsagePlan(template, ctx, apiId);
  return {
    logicalId: apiLogicalId,
    apiId,
    stageName: stage ?? deploymentStage ?? 'prod',
    routes,
    gatewayResponses,
    ...(usagePlan ? { usagePlan } : {}),
    ...(typeof accessLogFormat === 'string' ? { accessLogFormat } : {}),
    invokePolicies: readInvokePolicies(template, ctx, apiId),
  };
}

/** The first usage plan whose ApiStages name this API. */
function readUsagePlan(template: Template, ctx: IntrinsicContext, apiId: string): UsagePlanModel | undefined {
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::ApiGateway::UsagePlan') continue;
    const reader = new PropertyReader(id, resource, ctx);
    const stages = reader.resolved('ApiStages');
    const forThisApi =
      Array.isArray(stages) &&
      stages.some((stage) => stage && typeof stage === 'object' && 'ApiId' in stage && stage.ApiId === apiId);
    if (!forThisApi) continue;
    const throttle = objectOf(reader.resolved('Throttle'));
    const quota = objectOf(reader.resolved('Quota'));
    const period = quota?.Period;
    return {
      ...(typeof throttle?.RateLimit === 'number' ? { rateLimit: throttle.RateLimit } : {}),
      ...(typeof throttle?.BurstLimit === 'number' ? { burstLimit: throttle.BurstLimit } : {}),
      ...(typeof quota?.Limit === 'number' && (period === 'DAY' || period === 'WEEK' || period === 'MONTH')
        ? { quota: { limit: quota.Limit, period } }
        : {}),
    };
  }
  return undefined;
}

function objectOf(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function readIntegration(reader: PropertyReader, physical: PhysicalResources): Integration {
  const integration = reader.resolved('Integration');
  if (!integration || typeof integration !== 'object' || Array.isArray(integration)) {
    return { type: 'unsupported', reason: 'the method has no integration' };
  }
  if (integration.Type !== 'AWS_PROXY') {
    return { type: 'unsupported', reason: `${String(integration.Type)} integrations are not emulated` };
  }
  // arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<function ARN>/invocations
  const uri = String(integration.Uri ?? '');
  const functionArn = /\/functions\/(.+)\/invocations$/.exec(uri)?.[1];
  const functionLogicalId = functionArn === undefined ? undefined : physical.logicalIdOfFunction(functionArn);
  if (functionLogicalId === undefined) {
    return { type: 'unsupported', reason: `the integration URI ${uri} names no function of this stack` };
  }
  return { type: 'AWS_PROXY', functionLogicalId };
}
