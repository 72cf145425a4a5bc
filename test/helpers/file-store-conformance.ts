import { describe, expect, it } from 'vitest';
import { FileNotFoundError, FileTooLargeError } from '../../src/core/errors.ts';
import type { FileStore } from '../../src/core/ports.ts';

/**
 * The FileStore contract, run against every adapter so the in-memory store the unit tests rely on
 * cannot drift from S3. `store` returns a store over an empty bucket (or a fresh prefix-free one).
 */
export function describeFileStoreContract(name: string, store: () => FileStore): void {
  describe(`FileStore contract: ${name}`, () => {
    it('returns the bytes that were put, for binary and text bodies', async () => {
      const files = store();
      const binary = new Uint8Array([0, 1, 2, 250, 255]);
      await files.put('contract/bin.dat', binary, 'application/octet-stream');
      await files.put('contract/text.txt', 'héllo', 'text/plain; charset=utf-8');
      expect([...(await files.get('contract/bin.dat'))]).toEqual([...binary]);
      expect(new TextDecoder().decode(await files.get('contract/text.txt'))).toBe('héllo');
    });

    it('overwrites a key on a second put', async () => {
      const files = store();
      await files.put('contract/over.txt', 'one');
      await files.put('contract/over.txt', 'two');
      expect(new TextDecoder().decode(await files.get('contract/over.txt'))).toBe('two');
    });

    it('throws FileNotFoundError naming the key for a missing file', async () => {
      const error = await store()
        .get('contract/missing.txt')
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FileNotFoundError);
      expect((error as FileNotFoundError).key).toBe('contract/missing.txt');
    });

    it('reads a file up to maxBytes, and refuses a larger one with FileTooLargeError naming its size', async () => {
      const files = store();
      await files.put('contract/big.txt', 'x'.repeat(1_000));
      expect((await files.get('contract/big.txt', { maxBytes: 1_000 })).length).toBe(1_000);
      const error = await files.get('contract/big.txt', { maxBytes: 999 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FileTooLargeError);
      expect(error).toMatchObject({ key: 'contract/big.txt', size: 1_000, maxBytes: 999 });
    });

    it('lists only keys under the prefix, in key order, with size and modification time', async () => {
      const files = store();
      const before = Date.now();
      await files.put('list/b.txt', 'bb');
      await files.put('list/a.txt', 'a');
      await files.put('list/sub/c.txt', 'ccc');
      await files.put('listing-not-mine.txt', 'x');
      const listed = await files.list('list/');
      expect(listed.map((f) => [f.key, f.size])).toEqual([
        ['list/a.txt', 1],
        ['list/b.txt', 2],
        ['list/sub/c.txt', 3],
      ]);
      for (const file of listed) {
        // S3 keeps whole seconds.
        expect(file.lastModified.getTime()).toBeGreaterThanOrEqual(before - 1_000);
        expect(file.lastModified.getTime()).toBeLessThanOrEqual(Date.now() + 1_000);
      }
    });

    it('deletes the given keys, reports how many, and leaves the rest', async () => {
      const files = store();
      await files.put('del/a.txt', 'a');
      await files.put('del/b.txt', 'b');
      await files.put('del/keep.txt', 'k');
      expect(await files.delete(['del/a.txt', 'del/b.txt'])).toBe(2);
      expect((await files.list('del/')).map((f) => f.key)).toEqual(['del/keep.txt']);
      await expect(files.get('del/a.txt')).rejects.toBeInstanceOf(FileNotFoundError);
      expect(await files.delete([])).toBe(0);
    });
  });
}
