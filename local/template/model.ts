import { type ApiModel, readRestApi } from './api.ts';
import type { CloudAssembly } from './assembly.ts';
import { type EventSourceModel, type FunctionModel, readEventSource, readFunction } from './functions.ts';
import type { IntrinsicContext, PseudoParameters } from './intrinsics.ts';
import { LOCAL_ACCOUNT_ID, PhysicalResources, uniqueShortNames } from './physical.ts';
import { PropertyReader } from './props.ts';
import { readScheduleRule, type ScheduleModel } from './rules.ts';
import {
  type BucketModel,
  type QueueModel,
  readBucket,
  readQueue,
  readTable,
  type TableModel,
} from './storage.ts';

export const DEFAULT_REGION = 'us-east-1';

export interface NotEmulated {
  readonly logicalId: string;
  readonly type: string;
  readonly reason?: string;
}

/** Everything the runtime emulates, read from the synthesized template. */
export interface StackModel {
  readonly stackName: string;
  readonly pseudo: PseudoParameters;
  readonly physical: PhysicalResources;
  readonly intrinsics: IntrinsicContext;
  readonly tables: readonly TableModel[];
  readonly queues: readonly QueueModel[];
  readonly buckets: readonly BucketModel[];
  readonly functions: readonly FunctionModel[];
  readonly eventSources: readonly EventSourceModel[];
  readonly schedules: readonly ScheduleModel[];
  readonly api: ApiModel | undefined;
  /** Custom event buses: the runtime accepts PutEvents for them and records each event. */
  readonly eventBuses: readonly { readonly logicalId: string; readonly name: string }[];
  readonly notEmulated: readonly NotEmulated[];
}

/** Permissions, logs and metadata have no local effect worth a line at startup. */
const IGNORED = [
  /^AWS::IAM::/,
  /^AWS::Logs::/,
  /Policy$/,
  /^AWS::Lambda::Permission$/,
  /^AWS::CDK::Metadata$/,
];

/** Read by the API reader together with their RestApi (keys and usage plans by the local key guard). */
const API_PARTS = new Set(
  ['Resource', 'Method', 'Stage', 'Deployment', 'GatewayResponse', 'UsagePlan', 'UsagePlanKey', 'ApiKey'].map(
    (part) => `AWS::ApiGateway::${part}`,
  ),
);

export function buildStackModel(
  assembly: CloudAssembly,
  options: { readonly region?: string } = {},
): StackModel {
  const { template } = assembly;
  const pseudo: PseudoParameters = {
    region: options.region ?? assembly.region ?? DEFAULT_REGION,
    accountId: LOCAL_ACCOUNT_ID,
    stackName: assembly.stackName,
    partition: 'aws',
    urlSuffix: 'amazonaws.com',
  };
  const physical = new PhysicalResources(template, pseudo);
  const intrinsics: IntrinsicContext = { pseudo, resources: physical, parameters: template.Parameters ?? {} };

  const tables: TableModel[] = [];
  const queues: QueueModel[] = [];
  const buckets: BucketModel[] = [];
  const functions: FunctionModel[] = [];
  const eventSources: EventSourceModel[] = [];
  const schedules: ScheduleModel[] = [];
  const eventBuses: { logicalId: string; name: string }[] = [];
  const apis: ApiModel[] = [];
  const notEmulated: NotEmulated[] = [];

  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const props = new PropertyReader(logicalId, resource, intrinsics);
    const skip = (reason?: string) =>
      notEmulated.push({ logicalId, type: resource.Type, ...(reason ? { reason } : {}) });
    switch (resource.Type) {
      case 'AWS::DynamoDB::Table':
        tables.push(readTable(props, physical));
        break;
      case 'AWS::SQS::Queue':
        queues.push(readQueue(props, physical));
        break;
      case 'AWS::S3::Bucket':
        buckets.push(readBucket(props, physical));
        break;
      case 'AWS::Lambda::Function':
        functions.push(readFunction(props, resource, physical, assembly.dir));
        break;
      case 'AWS::Lambda::EventSourceMapping': {
        const source = readEventSource(props, physical);
        if ('skipped' in source) skip(source.skipped);
        else eventSources.push(source);
        break;
      }
      case 'AWS::Events::EventBus':
        eventBuses.push({ logicalId, name: physical.name(logicalId) });
        break;
      case 'AWS::Events::Rule': {
        const rule = readScheduleRule(props, physical);
        if ('skipped' in rule) skip(rule.skipped);
        else {
          schedules.push(rule);
          for (const reason of rule.notEmulated) skip(reason);
        }
        break;
      }
      case 'AWS::ApiGateway::RestApi':
        if (apis.length > 0) skip(`only the first REST API (${apis[0]?.logicalId}) is served`);
        else apis.push(readRestApi(logicalId, template, intrinsics, physical));
        break;
      default:
        if (!API_PARTS.has(resource.Type) && !IGNORED.some((pattern) => pattern.test(resource.Type))) skip();
    }
  }
  const api = apis[0];
  for (const route of api?.routes ?? []) {
    if (route.integration.type === 'unsupported') {
      notEmulated.push({
        logicalId: route.methodLogicalId,
        type: 'AWS::ApiGateway::Method',
        reason: `${route.httpMethod} ${route.resourcePath}: ${route.integration.reason}`,
      });
    }
  }
  return {
    stackName: assembly.stackName,
    pseudo,
    physical,
    intrinsics,
    tables,
    queues,
    buckets,
    functions: uniqueShortNames(functions),
    eventSources,
    schedules,
    api,
    eventBuses,
    notEmulated,
  };
}
