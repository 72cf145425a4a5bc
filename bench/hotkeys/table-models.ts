import { App, Stack } from 'aws-cdk-lib';
import type { CfnTable } from 'aws-cdk-lib/aws-dynamodb';
import { JobsTable, StatsTable } from '../../src/cdk/constructs/jobs-table.ts';
import type { IndexModel, TableModel } from './index-writes.ts';

/**
 * The jobs and stats tables as the CDK constructs declare them (keys, indexes, projections), read
 * from the constructs themselves rather than copied: the emulator's tables (test/helpers/emulators.ts)
 * project everything into byStatus, the deployed table only a list of attributes, and it is the
 * deployed one whose index writes count.
 */
export function deployedTableModels(): { readonly jobs: TableModel; readonly stats: TableModel } {
  const stack = new Stack(new App(), 'HotKeys');
  const jobs = new JobsTable(stack, 'Jobs');
  const stats = new StatsTable(stack, 'Stats');
  return {
    jobs: modelOf(stack, jobs.table.node.defaultChild),
    stats: modelOf(stack, stats.table.node.defaultChild),
  };
}

interface ResolvedKey {
  readonly attributeName: string;
  readonly keyType: 'HASH' | 'RANGE';
}

interface ResolvedIndex {
  readonly indexName: string;
  readonly keySchema: readonly ResolvedKey[];
  readonly projection?: {
    readonly projectionType?: IndexModel['projection'];
    readonly nonKeyAttributes?: readonly string[];
  };
}

function modelOf(stack: Stack, node: unknown): TableModel {
  const cfn = node as CfnTable;
  const keySchema = stack.resolve(cfn.keySchema) as readonly ResolvedKey[];
  const indexes = (stack.resolve(cfn.globalSecondaryIndexes) ?? []) as readonly ResolvedIndex[];
  const keys = keysOf(keySchema);
  return {
    ...keys,
    indexes: indexes.map((index) => {
      const indexKeys = keysOf(index.keySchema);
      const projection = index.projection?.projectionType ?? 'ALL';
      return {
        name: index.indexName,
        ...indexKeys,
        projection,
        ...(projection === 'INCLUDE' ? { nonKeyAttributes: index.projection?.nonKeyAttributes ?? [] } : {}),
      };
    }),
  };
}

function keysOf(schema: readonly ResolvedKey[]): { partitionKey: string; sortKey?: string } {
  const partitionKey = schema.find((key) => key.keyType === 'HASH')?.attributeName;
  if (!partitionKey) throw new Error('a key schema without a partition key');
  const sortKey = schema.find((key) => key.keyType === 'RANGE')?.attributeName;
  return { partitionKey, ...(sortKey ? { sortKey } : {}) };
}
