import { describe, expect, it } from 'vitest';
import { MemoryFileStore } from '../../../src/adapters/memory/file-store.ts';
import { describeFileStoreContract } from '../../helpers/file-store-conformance.ts';

describeFileStoreContract('in-memory', () => new MemoryFileStore());

describe('MemoryFileStore test helpers', () => {
  it('stamps files with its clock and lets a test age them', async () => {
    const files = new MemoryFileStore({ now: () => new Date('2025-01-01T00:00:00Z') });
    await files.put('a.txt', 'a', 'text/plain');
    expect(files.stat('a.txt')).toEqual({
      key: 'a.txt',
      size: 1,
      lastModified: new Date('2025-01-01T00:00:00Z'),
      contentType: 'text/plain',
    });
    files.setLastModified('a.txt', new Date('2020-01-01T00:00:00Z'));
    expect((await files.list(''))[0]?.lastModified).toEqual(new Date('2020-01-01T00:00:00Z'));
  });

  it('keeps its own copy of a body, so the caller cannot change what is stored', async () => {
    const files = new MemoryFileStore();
    const body = new Uint8Array([1, 2, 3]);
    await files.put('a.bin', body);
    body[0] = 9;
    const read = await files.get('a.bin');
    read[1] = 9;
    expect([...(await files.get('a.bin'))]).toEqual([1, 2, 3]);
  });
});
