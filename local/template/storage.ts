import type { PhysicalResources } from './physical.ts';
import type { PropertyReader } from './props.ts';
import type { ResolvedValue } from './types.ts';

export interface KeyElement {
  readonly AttributeName: string;
  readonly KeyType: 'HASH' | 'RANGE';
}

export interface AttributeDefinition {
  readonly AttributeName: string;
  readonly AttributeType: 'S' | 'N' | 'B';
}

export interface IndexModel {
  readonly IndexName: string;
  readonly KeySchema: readonly KeyElement[];
  readonly Projection: {
    readonly ProjectionType?: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
    readonly NonKeyAttributes?: readonly string[];
  };
}

export interface TableModel {
  readonly logicalId: string;
  readonly name: string;
  readonly keySchema: readonly KeyElement[];
  readonly attributeDefinitions: readonly AttributeDefinition[];
  readonly globalSecondaryIndexes: readonly IndexModel[];
  /** Settings the template asks for that have no local effect, said once at startup. */
  readonly notEmulated: readonly string[];
}

export interface QueueModel {
  readonly logicalId: string;
  readonly name: string;
  readonly arn: string;
  readonly fifo: boolean;
  /** Every attribute the runtime keeps in step with the template, AWS defaults filled in. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly deadLetterQueue: string | undefined;
  readonly maxReceiveCount: number | undefined;
}

export interface BucketModel {
  readonly logicalId: string;
  readonly name: string;
}

/** What a queue gets when the template leaves an attribute out, as on AWS. */
const QUEUE_DEFAULTS: Readonly<Record<string, string>> = {
  VisibilityTimeout: '30',
  DelaySeconds: '0',
  MessageRetentionPeriod: '345600',
  ReceiveMessageWaitTimeSeconds: '0',
  MaximumMessageSize: '1048576',
};

export function readTable(props: PropertyReader, physical: PhysicalResources): TableModel {
  const notEmulated: string[] = [];
  const ttl = props.resolved('TimeToLiveSpecification');
  if (isObject(ttl) && ttl.Enabled === true) {
    notEmulated.push(`TTL on "${String(ttl.AttributeName)}" (items do not expire locally)`);
  }
  if (props.raw('PointInTimeRecoverySpecification') !== undefined) notEmulated.push('point-in-time recovery');
  if (props.raw('StreamSpecification') !== undefined) notEmulated.push('streams');
  const billing = props.string('BillingMode');
  if (billing !== undefined && billing !== 'PAY_PER_REQUEST') notEmulated.push(`billing mode ${billing}`);
  return {
    logicalId: props.logicalId,
    name: physical.name(props.logicalId),
    keySchema: list<KeyElement>(props.resolved('KeySchema')),
    attributeDefinitions: list<AttributeDefinition>(props.resolved('AttributeDefinitions')),
    globalSecondaryIndexes: list<IndexModel>(props.resolved('GlobalSecondaryIndexes')).map((index) => ({
      IndexName: index.IndexName,
      KeySchema: index.KeySchema,
      Projection: index.Projection,
    })),
    notEmulated,
  };
}

export function readQueue(props: PropertyReader, physical: PhysicalResources): QueueModel {
  const fifo = props.boolean('FifoQueue') ?? false;
  const attributes: Record<string, string> = { ...QUEUE_DEFAULTS };
  for (const name of Object.keys(QUEUE_DEFAULTS)) {
    const value = props.number(name);
    if (value !== undefined) attributes[name] = String(value);
  }
  if (fifo) {
    attributes.FifoQueue = 'true';
    attributes.ContentBasedDeduplication = String(props.boolean('ContentBasedDeduplication') ?? false);
  }
  let deadLetterQueue: string | undefined;
  let maxReceiveCount: number | undefined;
  const redrive = props.resolved('RedrivePolicy');
  if (redrive !== undefined && redrive !== null) {
    const policy = typeof redrive === 'string' ? (JSON.parse(redrive) as ResolvedValue) : redrive;
    if (!isObject(policy) || typeof policy.deadLetterTargetArn !== 'string') {
      throw props.error('has a RedrivePolicy without a deadLetterTargetArn');
    }
    maxReceiveCount = Number(policy.maxReceiveCount);
    if (!Number.isInteger(maxReceiveCount) || maxReceiveCount < 1) {
      throw props.error('has a RedrivePolicy whose maxReceiveCount is not a positive integer');
    }
    deadLetterQueue = physical.logicalIdOfArn('AWS::SQS::Queue', policy.deadLetterTargetArn);
    if (deadLetterQueue === undefined) {
      throw props.error(
        `sends dead letters to ${policy.deadLetterTargetArn}, which is not a queue of this stack`,
      );
    }
    attributes.RedrivePolicy = JSON.stringify({
      deadLetterTargetArn: policy.deadLetterTargetArn,
      maxReceiveCount,
    });
  }
  return {
    logicalId: props.logicalId,
    name: physical.name(props.logicalId),
    arn: physical.arn(props.logicalId),
    fifo,
    attributes,
    deadLetterQueue,
    maxReceiveCount,
  };
}

export function readBucket(props: PropertyReader, physical: PhysicalResources): BucketModel {
  return { logicalId: props.logicalId, name: physical.name(props.logicalId) };
}

/** Dead-letter queues first, so a queue's RedrivePolicy always names a queue that exists. */
export function queuesInCreationOrder(queues: readonly QueueModel[]): QueueModel[] {
  const byId = new Map(queues.map((queue) => [queue.logicalId, queue]));
  const ordered: QueueModel[] = [];
  const visiting = new Set<string>();
  const visit = (queue: QueueModel) => {
    if (ordered.includes(queue) || visiting.has(queue.logicalId)) return;
    visiting.add(queue.logicalId);
    const dlq = queue.deadLetterQueue === undefined ? undefined : byId.get(queue.deadLetterQueue);
    if (dlq) visit(dlq);
    ordered.push(queue);
  };
  for (const queue of queues) visit(queue);
  return ordered;
}

function isObject(value: ResolvedValue | undefined): value is { [key: string]: ResolvedValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list<T>(value: ResolvedValue | undefined): T[] {
  return Array.isArray(value) ? (value as unknown as T[]) : [];
}
