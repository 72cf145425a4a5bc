import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

export interface JobsTableProps {
  /** @default RemovalPolicy.RETAIN — job history is never deleted by a stack update. */
  readonly removalPolicy?: RemovalPolicy;
}

/** Index names and key attributes shared with the DynamoDB adapter through the function environment. */
export const JOBS_BY_STATUS_INDEX = 'byStatus';

/**
 * One item per job, keyed by id. `byStatus` lists jobs of one status by the time they entered it,
 * which serves both "newest failures" listings and the stats counts.
 */
export class JobsTable extends Construct {
  public readonly table: Table;

  constructor(scope: Construct, id: string, props: JobsTableProps = {}) {
    super(scope, id);
    this.table = new Table(this, 'Table', {
      partitionKey: { name: 'id', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: 'expiresAt',
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: JOBS_BY_STATUS_INDEX,
      partitionKey: { name: 'status', type: AttributeType.STRING },
      sortKey: { name: 'updatedAt', type: AttributeType.STRING },
      projectionType: ProjectionType.INCLUDE,
      nonKeyAttributes: ['type', 'attempts', 'maxAttempts', 'createdAt', 'startedAt', 'finishedAt', 'error'],
    });
  }
}

/** Snapshots written by the stats function; keyed so the latest is one descending query away. */
export class StatsTable extends Construct {
  public readonly table: Table;

  constructor(scope: Construct, id: string, props: JobsTableProps = {}) {
    super(scope, id);
    this.table = new Table(this, 'Table', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: 'expiresAt',
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
  }
}
