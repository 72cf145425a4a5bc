import { createHash } from 'node:crypto';
import { TemplateError } from '../errors.ts';
import type { PseudoParameters, ResourceResolver } from './intrinsics.ts';
import type { Template, TemplateResource } from './types.ts';

/** The account every emulator reports; fauxqs builds its ARNs with it too. */
export const LOCAL_ACCOUNT_ID = '000000000000';

/**
 * Local physical names and ARNs for the emulated resources, derived from logical ids so they stay
 * the same across restarts (the state on disk refers to them). A name the template sets explicitly
 * (TableName, QueueName, …) wins, as it would on AWS.
 */
export class PhysicalResources implements ResourceResolver {
  private readonly queueUrls = new Map<string, string>();

  constructor(
    private readonly template: Template,
    private readonly pseudo: PseudoParameters,
  ) {}

  /** Queue URLs only exist once the queues are created in the emulator. */
  setQueueUrl(logicalId: string, url: string): void {
    this.queueUrls.set(logicalId, url);
  }

  name(logicalId: string): string {
    const resource = this.resource(logicalId);
    const stack = this.pseudo.stackName;
    switch (resource.Type) {
      case 'AWS::DynamoDB::Table':
        return explicitName(resource, 'TableName') ?? `${stack}-${logicalId}`;
      case 'AWS::SQS::Queue': {
        const fifo = resource.Properties?.FifoQueue === true || resource.Properties?.FifoQueue === 'true';
        return explicitName(resource, 'QueueName') ?? `${stack}-${logicalId}${fifo ? '.fifo' : ''}`;
      }
      case 'AWS::S3::Bucket':
        return explicitName(resource, 'BucketName') ?? `${stack}-${logicalId}`.toLowerCase().slice(0, 63);
      case 'AWS::Lambda::Function':
        return explicitName(resource, 'FunctionName') ?? `${stack}-${logicalId}`.slice(0, 64);
      case 'AWS::Events::Rule':
        return explicitName(resource, 'Name') ?? `${stack}-${logicalId}`.slice(0, 64);
      case 'AWS::Events::EventBus':
        return explicitName(resource, 'Name') ?? `${stack}-${logicalId}`.slice(0, 256);
      default:
        throw this.notEmulated(logicalId, resource, 'a name');
    }
  }

  arn(logicalId: string): string {
    const { partition, region, accountId } = this.pseudo;
    const resource = this.resource(logicalId);
    const name = this.name(logicalId);
    switch (resource.Type) {
      case 'AWS::DynamoDB::Table':
        return `arn:${partition}:dynamodb:${region}:${accountId}:table/${name}`;
      case 'AWS::SQS::Queue':
        return `arn:${partition}:sqs:${region}:${accountId}:${name}`;
      case 'AWS::S3::Bucket':
        return `arn:${partition}:s3:::${name}`;
      case 'AWS::Lambda::Function':
        return `arn:${partition}:lambda:${region}:${accountId}:function:${name}`;
      case 'AWS::Events::Rule':
        return `arn:${partition}:events:${region}:${accountId}:rule/${name}`;
      case 'AWS::Events::EventBus':
        return `arn:${partition}:events:${region}:${accountId}:event-bus/${name}`;
      default:
        throw this.notEmulated(logicalId, resource, 'an ARN');
    }
  }

  ref(logicalId: string): string {
    const resource = this.resource(logicalId);
    switch (resource.Type) {
      case 'AWS::SQS::Queue':
        return this.queueUrl(logicalId);
      case 'AWS::ApiGateway::RestApi':
      case 'AWS::ApiGateway::Resource':
      case 'AWS::ApiGateway::Deployment':
        return localId(logicalId);
      case 'AWS::ApiGateway::Stage':
        return String(resource.Properties?.StageName ?? localId(logicalId));
      default:
        return this.name(logicalId);
    }
  }

  getAtt(logicalId: string, attribute: string): string {
    const resource = this.resource(logicalId);
    const name = () => this.name(logicalId);
    const attributes: Readonly<Record<string, Readonly<Record<string, () => string>>>> = {
      'AWS::DynamoDB::Table': { Arn: () => this.arn(logicalId) },
      'AWS::SQS::Queue': {
        Arn: () => this.arn(logicalId),
        QueueName: name,
        QueueUrl: () => this.queueUrl(logicalId),
      },
      'AWS::S3::Bucket': {
        Arn: () => this.arn(logicalId),
        DomainName: () => `${name()}.s3.${this.pseudo.urlSuffix}`,
        RegionalDomainName: () => `${name()}.s3.${this.pseudo.region}.${this.pseudo.urlSuffix}`,
      },
      'AWS::Lambda::Function': { Arn: () => this.arn(logicalId) },
      'AWS::Events::Rule': { Arn: () => this.arn(logicalId) },
      'AWS::Events::EventBus': { Arn: () => this.arn(logicalId), Name: name },
      'AWS::ApiGateway::RestApi': { RootResourceId: () => localId(`${logicalId}/`) },
    };
    const read = attributes[resource.Type]?.[attribute];
    if (!read) {
      throw new TemplateError(
        `Fn::GetAtt ${logicalId}.${attribute}: ${resource.Type} attribute ${attribute} is not emulated locally.`,
        logicalId,
      );
    }
    return read();
  }

  /** The logical id of the resource of `type` whose local ARN is `arn`, if any. */
  logicalIdOfArn(type: string, arn: string): string | undefined {
    return this.idsOfType(type).find((id) => this.arn(id) === arn);
  }

  /** A function named by name, ARN or qualified ARN (`…:function:name:$LATEST`), as Lambda accepts. */
  logicalIdOfFunction(nameOrArn: string): string | undefined {
    return this.idsOfType('AWS::Lambda::Function').find((id) => {
      const arn = this.arn(id);
      return nameOrArn === this.name(id) || nameOrArn === arn || nameOrArn.startsWith(`${arn}:`);
    });
  }

  private idsOfType(type: string): string[] {
    return Object.entries(this.template.Resources)
      .filter(([, resource]) => resource.Type === type)
      .map(([id]) => id);
  }

  private queueUrl(logicalId: string): string {
    const url = this.queueUrls.get(logicalId);
    if (url === undefined) {
      throw new TemplateError(
        `queue ${logicalId} has no URL yet: it is created when the runtime starts.`,
        logicalId,
      );
    }
    return url;
  }

  private resource(logicalId: string): TemplateResource {
    const resource = this.template.Resources[logicalId];
    if (!resource) throw new TemplateError(`the template has no resource ${logicalId}.`, logicalId);
    return resource;
  }

  private notEmulated(logicalId: string, resource: TemplateResource, what: string): TemplateError {
    return new TemplateError(
      `${logicalId} is a ${resource.Type}, which the local runtime does not emulate, so it has no local ${what}.`,
      logicalId,
    );
  }
}

/**
 * A function's name in logs and the banner: the innermost construct id of its CDK path that says
 * something (`Stack/App/WorkerFunction/Function/Resource` → "worker"), else its logical id without
 * the CDK's hash (`WorkerFunctionCD54EDF9` → "worker"). The word Function adds nothing locally.
 */
export function shortName(logicalId: string, cdkPath?: string): string {
  const generic = new Set(['Resource', 'Default', 'Function', 'Handler']);
  const fromPath = cdkPath
    ?.split('/')
    .slice(1)
    .filter((part) => !generic.has(part))
    .at(-1);
  const base = (fromPath ?? logicalId.replace(/[0-9A-F]{8}$/, '')).replace(/Function$/, '') || logicalId;
  return base.charAt(0).toLowerCase() + base.slice(1);
}

/**
 * Short names made unique: where two functions share one (two SqsJobs in one app, each with a
 * worker), each is prefixed with the construct id above it (`mail-worker`, `media-worker`).
 */
export function uniqueShortNames<T extends { readonly shortName: string; readonly cdkPath?: string }>(
  functions: readonly T[],
): T[] {
  const counts = new Map<string, number>();
  for (const fn of functions) counts.set(fn.shortName, (counts.get(fn.shortName) ?? 0) + 1);
  return functions.map((fn) => {
    if ((counts.get(fn.shortName) ?? 0) < 2 || !fn.cdkPath) return fn;
    const parts = fn.cdkPath.split('/');
    const owner = parts.length > 2 ? (parts[1] as string) : '';
    return owner
      ? { ...fn, shortName: `${owner.charAt(0).toLowerCase()}${owner.slice(1)}-${fn.shortName}` }
      : fn;
  });
}

/** API Gateway ids are short random strings on AWS; locally a stable hash of the logical id. */
function localId(seed: string): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, 10);
}

function explicitName(resource: TemplateResource, property: string): string | undefined {
  const value = resource.Properties?.[property];
  return typeof value === 'string' ? value : undefined;
}
