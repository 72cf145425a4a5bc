import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  Table,
  TableEncryption,
  type TableProps,
} from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { SCHEDULED_INDEX } from '../../adapters/dynamodb/jobs-table.ts';
import type { SqsJobsSettings } from '../settings.ts';

export interface JobsTableProps {
  /** @default RemovalPolicy.RETAIN — job history is never deleted by a stack update. */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Refuse DeleteTable from any caller (console, CLI, another stack), not only from CloudFormation.
   * @default true unless the removal policy is DESTROY
   */
  readonly deletionProtection?: boolean;
}

export interface JobsTableCapacityProps extends JobsTableProps {
  /** On demand (the default) or provisioned with auto scaling: see SqsJobsSettings.table. */
  readonly capacity?: SqsJobsSettings['table'];
}

/** Index names and key attributes shared with the DynamoDB adapter through the function environment. */
export const JOBS_BY_STATUS_INDEX = 'byStatus';

/** What both tables share: on-demand (unless the jobs table is provisioned), encrypted with the AWS managed key, recoverable, expiring by TTL. */
function tableDefaults(props: JobsTableProps): Omit<TableProps, 'partitionKey'> {
  const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
  return {
    billingMode: BillingMode.PAY_PER_REQUEST,
    encryption: TableEncryption.AWS_MANAGED,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    timeToLiveAttribute: 'expiresAt',
    removalPolicy,
    // A protected table would make a DESTROY stack's deletion fail, so the two go together by default.
    deletionProtection: props.deletionProtection ?? removalPolicy !== RemovalPolicy.DESTROY,
  };
}

/**
 * One item per job, keyed by id. `byStatus` lists jobs of one status by the time they entered it,
 * which serves both "newest failures" listings and the stats counts.
 */
export class JobsTable extends Construct {
  public readonly table: Table;
  /** The byStatus index alone, for grants that query it and nothing else. */
  public readonly byStatusIndexArn: string;
  /** The scheduled index alone: the sweeper reads the scheduled jobs due soon from it. */
  public readonly scheduledIndexArn: string;

  constructor(scope: Construct, id: string, props: JobsTableCapacityProps = {}) {
    super(scope, id);
    const provisioned = props.capacity?.capacity === 'provisioned' ? props.capacity : undefined;
    // Provisioned tables and indexes start at the minimum; auto scaling (below) moves them from there.
    const units = provisioned
      ? { readCapacity: provisioned.minReadCapacity, writeCapacity: provisioned.minWriteCapacity }
      : {};
    this.table = new Table(this, 'Table', {
      ...tableDefaults(props),
      ...(provisioned ? { billingMode: BillingMode.PROVISIONED, ...units } : {}),
      partitionKey: { name: 'id', type: AttributeType.STRING },
    });
    this.table.addGlobalSecondaryIndex({
      ...units,
      indexName: JOBS_BY_STATUS_INDEX,
      partitionKey: { name: 'status', type: AttributeType.STRING },
      sortKey: { name: 'updatedAt', type: AttributeType.STRING },
      projectionType: ProjectionType.INCLUDE,
      // What listings and the sweeper read; the payload and result stay in the table only.
      nonKeyAttributes: [
        'type',
        'attempts',
        'maxAttempts',
        'createdAt',
        'startedAt',
        'finishedAt',
        'error',
        'leaseExpiresAt',
        'nextAttemptAt',
        'cancelRequestedAt',
        // The stats function's workers view: which instance ran each job.
        'workerId',
      ],
    });
    this.byStatusIndexArn = `${this.table.tableArn}/index/${JOBS_BY_STATUS_INDEX}`;
    // Sparse: only scheduled jobs carry its partition key, so other jobs cost it no writes.
    this.table.addGlobalSecondaryIndex({
      ...units,
      indexName: SCHEDULED_INDEX.name,
      partitionKey: { name: SCHEDULED_INDEX.partitionKey, type: AttributeType.STRING },
      sortKey: { name: SCHEDULED_INDEX.sortKey, type: AttributeType.STRING },
      projectionType: ProjectionType.INCLUDE,
      nonKeyAttributes: ['type'],
    });
    this.scheduledIndexArn = `${this.table.tableArn}/index/${SCHEDULED_INDEX.name}`;
    if (provisioned) autoScale(this.table, provisioned, [JOBS_BY_STATUS_INDEX, SCHEDULED_INDEX.name]);
  }
}

/**
 * Keeps the table's and each index's units near the target utilization. An index needs its own: a
 * job's status changes write the byStatus index more than the table (a move is a delete and a put),
 * and an index short of write units throttles the table's writes too.
 */
function autoScale(table: Table, capacity: SqsJobsSettings['table'], indexes: readonly string[]): void {
  const target = { targetUtilizationPercent: capacity.targetUtilization };
  const writes = { minCapacity: capacity.minWriteCapacity, maxCapacity: capacity.maxWriteCapacity };
  const reads = { minCapacity: capacity.minReadCapacity, maxCapacity: capacity.maxReadCapacity };
  table.autoScaleWriteCapacity(writes).scaleOnUtilization(target);
  table.autoScaleReadCapacity(reads).scaleOnUtilization(target);
  for (const index of indexes) {
    table.autoScaleGlobalSecondaryIndexWriteCapacity(index, writes).scaleOnUtilization(target);
    table.autoScaleGlobalSecondaryIndexReadCapacity(index, reads).scaleOnUtilization(target);
  }
}

/** Snapshots written by the stats function; keyed so the latest is one descending query away. */
export class StatsTable extends Construct {
  public readonly table: Table;

  constructor(scope: Construct, id: string, props: JobsTableProps = {}) {
    super(scope, id);
    this.table = new Table(this, 'Table', {
      ...tableDefaults(props),
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
    });
  }
}
