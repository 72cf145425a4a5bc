import path from 'node:path';
import type { PhysicalResources } from './physical.ts';
import { shortName } from './physical.ts';
import type { PropertyReader } from './props.ts';
import { isTemplateObject, type TemplateObject, type TemplateResource } from './types.ts';

export interface FunctionModel {
  readonly logicalId: string;
  /** "worker", "api": for log prefixes and the summary line. */
  readonly shortName: string;
  /** Where the function sits in the CDK app, when the template records it. */
  readonly cdkPath?: string;
  readonly name: string;
  readonly arn: string;
  readonly description: string | undefined;
  /** "index.handler": module path relative to codeDir, then the export. */
  readonly handler: string;
  readonly runtime: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  readonly reservedConcurrency: number | undefined;
  /** The asset folder the CDK bundled the code into. */
  readonly codeDir: string;
  /** Unresolved: values may name queue URLs, which exist only once the queues are created. */
  readonly environment: TemplateObject;
}

export interface EventSourceModel {
  readonly logicalId: string;
  readonly functionLogicalId: string;
  readonly queueLogicalId: string;
  readonly batchSize: number;
  readonly batchingWindowSeconds: number;
  /** ScalingConfig.MaximumConcurrency; undefined when the template leaves it to Lambda. */
  readonly maxConcurrency: number | undefined;
  readonly reportBatchItemFailures: boolean;
  readonly enabled: boolean;
}

/** Lambda's defaults when the template leaves them out. */
const DEFAULT_TIMEOUT_SECONDS = 3;
const DEFAULT_MEMORY_MB = 128;
const DEFAULT_SQS_BATCH_SIZE = 10;

export function readFunction(
  props: PropertyReader,
  resource: TemplateResource,
  physical: PhysicalResources,
  assemblyDir: string,
): FunctionModel {
  const runtime = props.requiredString('Runtime');
  if (!runtime.startsWith('nodejs')) {
    throw props.error(`uses runtime ${runtime}; the local runtime runs Node.js functions only`);
  }
  const assetPath = resource.Metadata?.['aws:asset:path'];
  if (typeof assetPath !== 'string') {
    throw props.error('has no aws:asset:path metadata, so its code cannot be found in the cloud assembly');
  }
  const variables = (() => {
    const environment = props.raw('Environment');
    const vars = isTemplateObject(environment) ? environment.Variables : undefined;
    return isTemplateObject(vars) ? vars : {};
  })();
  return {
    logicalId: props.logicalId,
    shortName: shortName(props.logicalId, cdkPath(resource)),
    ...(cdkPath(resource) ? { cdkPath: cdkPath(resource) } : {}),
    name: physical.name(props.logicalId),
    arn: physical.arn(props.logicalId),
    description: props.string('Description'),
    handler: props.requiredString('Handler'),
    runtime,
    timeoutSeconds: props.number('Timeout') ?? DEFAULT_TIMEOUT_SECONDS,
    memoryMb: props.number('MemorySize') ?? DEFAULT_MEMORY_MB,
    reservedConcurrency: props.number('ReservedConcurrentExecutions'),
    codeDir: path.resolve(assemblyDir, assetPath),
    environment: variables,
  };
}

/** Reads an SQS mapping; returns a reason instead when the source is not a queue of this stack. */
export function readEventSource(
  props: PropertyReader,
  physical: PhysicalResources,
): EventSourceModel | { readonly skipped: string } {
  const sourceArn = props.requiredString('EventSourceArn');
  const queueLogicalId = physical.logicalIdOfArn('AWS::SQS::Queue', sourceArn);
  if (queueLogicalId === undefined)
    return { skipped: `event source ${sourceArn} is not an SQS queue of this stack` };
  const functionName = props.requiredString('FunctionName');
  const functionLogicalId = physical.logicalIdOfFunction(functionName);
  if (functionLogicalId === undefined)
    throw props.error(`targets ${functionName}, which is not a function of this stack`);
  const scaling = props.resolved('ScalingConfig');
  const maxConcurrency =
    typeof scaling === 'object' &&
    scaling !== null &&
    !Array.isArray(scaling) &&
    scaling.MaximumConcurrency != null
      ? Number(scaling.MaximumConcurrency)
      : undefined;
  const responseTypes = props.resolved('FunctionResponseTypes');
  return {
    logicalId: props.logicalId,
    functionLogicalId,
    queueLogicalId,
    batchSize: props.number('BatchSize') ?? DEFAULT_SQS_BATCH_SIZE,
    batchingWindowSeconds: props.number('MaximumBatchingWindowInSeconds') ?? 0,
    maxConcurrency,
    reportBatchItemFailures:
      Array.isArray(responseTypes) && responseTypes.includes('ReportBatchItemFailures'),
    enabled: props.boolean('Enabled') ?? true,
  };
}

/** The construct path CDK records on each resource (`Stack/App/WorkerFunction/Function/Resource`). */
function cdkPath(resource: TemplateResource): string | undefined {
  const value = resource.Metadata?.['aws:cdk:path'];
  return typeof value === 'string' ? value : undefined;
}
