import { describe, expect, it } from 'vitest';
import { indexWrites, sameValue, type TableModel } from '../../../bench/hotkeys/index-writes.ts';
import { deployedTableModels } from '../../../bench/hotkeys/table-models.ts';

/** The jobs table's shape: byStatus projects a list of attributes, the scheduled index is sparse. */
const jobs: TableModel = {
  partitionKey: 'id',
  indexes: [
    {
      name: 'byStatus',
      partitionKey: 'status',
      sortKey: 'updatedAt',
      projection: 'INCLUDE',
      nonKeyAttributes: ['type', 'leaseExpiresAt'],
    },
    { name: 'scheduled', partitionKey: 'scheduledKey', sortKey: 'runAt', projection: 'KEYS_ONLY' },
  ],
};

const pending = { id: 'a', type: 'noop', status: 'pending', updatedAt: 't1' };
const running = { ...pending, status: 'running', updatedAt: 't2', leaseExpiresAt: 'l1' };

describe('which index partitions an item write lands on', () => {
  it('a new job is one write to its status partition, and none to an index whose key it lacks', () => {
    expect(indexWrites(jobs, undefined, pending)).toEqual([
      { index: 'byStatus', partition: 'status=pending' },
    ]);
  });

  it('a change of status is a write on the partition it leaves and one on the partition it enters', () => {
    expect(indexWrites(jobs, pending, running)).toEqual([
      { index: 'byStatus', partition: 'status=pending' },
      { index: 'byStatus', partition: 'status=running' },
    ]);
  });

  it('a new sort key in the same partition is a delete and a put there: two writes', () => {
    expect(indexWrites(jobs, pending, { ...pending, updatedAt: 't9' })).toEqual([
      { index: 'byStatus', partition: 'status=pending' },
      { index: 'byStatus', partition: 'status=pending' },
    ]);
  });

  it('an update that keeps the keys writes the index only when it changes a projected attribute', () => {
    expect(indexWrites(jobs, running, { ...running, leaseExpiresAt: 'l2' })).toEqual([
      { index: 'byStatus', partition: 'status=running' },
    ]);
    expect(indexWrites(jobs, running, { ...running, dependencyOutcomes: { b: 'completed' } })).toEqual([]);
    expect(indexWrites(jobs, running, { ...running })).toEqual([]);
  });

  it('with ALL projected, any attribute that changes writes the index', () => {
    const all: TableModel = {
      partitionKey: 'id',
      indexes: [{ name: 'byStatus', partitionKey: 'status', sortKey: 'updatedAt', projection: 'ALL' }],
    };
    expect(indexWrites(all, running, { ...running, keptBy: new Set(['b']) })).toEqual([
      { index: 'byStatus', partition: 'status=running' },
    ]);
  });

  it('leaving a sparse index (its key removed) or deleting the item is one write on the old partition', () => {
    const scheduled = { ...pending, status: 'scheduled', scheduledKey: 'scheduled', runAt: 'r' };
    const promoted = { ...pending, runAt: 'r' };
    expect(indexWrites(jobs, scheduled, promoted)).toEqual([
      { index: 'byStatus', partition: 'status=scheduled' },
      { index: 'byStatus', partition: 'status=pending' },
      { index: 'scheduled', partition: 'scheduledKey=scheduled' },
    ]);
    expect(indexWrites(jobs, pending, undefined)).toEqual([
      { index: 'byStatus', partition: 'status=pending' },
    ]);
  });

  it('an item without the index sort key is not in the index', () => {
    expect(indexWrites(jobs, undefined, { id: 'b', scheduledKey: 'scheduled' })).toEqual([]);
  });
});

describe('stored values compared', () => {
  it('sets are equal whatever their order, and a missing attribute equals an undefined one', () => {
    expect(sameValue(new Set(['a', 'b']), new Set(['b', 'a']))).toBe(true);
    expect(sameValue({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameValue([1, 2], [2, 1])).toBe(false);
  });
});

describe('the deployed tables', () => {
  it('are read from the CDK constructs: byStatus and the sparse scheduled index, a stats table with a sort key', () => {
    const { jobs: deployed, stats } = deployedTableModels();
    expect(deployed.partitionKey).toBe('id');
    expect(deployed.indexes.map((index) => [index.name, index.partitionKey, index.projection])).toEqual([
      ['byStatus', 'status', 'INCLUDE'],
      ['scheduledByRunAt', 'scheduledKey', 'INCLUDE'],
    ]);
    expect(deployed.indexes[0]?.nonKeyAttributes).toContain('leaseExpiresAt');
    expect(stats).toEqual({ partitionKey: 'pk', sortKey: 'sk', indexes: [] });
  });
});
