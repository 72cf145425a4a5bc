import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  STATUS_SHARDS,
  setStatusShard,
  shardOf,
  statusShardOf,
  statusShards,
} from '../../../src/adapters/dynamodb/status-shard.ts';

describe('status shards', () => {
  it('gives one id the same shard every time, within 0..31', () => {
    for (let i = 0; i < 200; i++) {
      const id = randomUUID();
      const shard = shardOf(id);
      expect(shardOf(id)).toBe(shard);
      expect(Number.isInteger(shard)).toBe(true);
      expect(shard).toBeGreaterThanOrEqual(0);
      expect(shard).toBeLessThan(STATUS_SHARDS);
    }
    expect(STATUS_SHARDS).toBe(32);
  });

  it('is pinned: a changed hash would move every stored job', () => {
    // FNV-1a 32-bit of '' is 0x811c9dc5 and of 'a' 0xe40c292c, mod 32.
    expect(shardOf('')).toBe(0x811c9dc5 % 32);
    expect(shardOf('a')).toBe(0xe40c292c % 32);
  });

  it('spreads 3,200 random UUIDs: every shard gets between 50 and 150', () => {
    const counts = new Array<number>(STATUS_SHARDS).fill(0);
    for (let i = 0; i < 3200; i++) {
      const shard = shardOf(randomUUID());
      counts[shard] = (counts[shard] ?? 0) + 1;
    }
    for (const count of counts) {
      expect(count).toBeGreaterThanOrEqual(50);
      expect(count).toBeLessThanOrEqual(150);
    }
  });

  it('keys a status by the id’s shard, and lists every key of a status', () => {
    const id = randomUUID();
    expect(statusShardOf(id, 'pending')).toBe(`pending#${shardOf(id)}`);
    expect(statusShards('running')).toHaveLength(STATUS_SHARDS);
    expect(statusShards('running')).toContain(statusShardOf(id, 'running'));
    expect(setStatusShard(id, 'failed', ':s')).toEqual({
      set: ', statusShard = :s',
      values: { ':s': `failed#${shardOf(id)}` },
    });
  });
});
