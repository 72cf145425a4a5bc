import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { KeyEntry } from '../../src/core/idempotency.ts';
import type { IdempotencyKeys } from '../../src/core/ports.ts';
import { later, T0 } from './jobs.ts';

/** A key held by `jobId`: for a window ending at later(`windowSeconds`), or until its job finishes. */
function entry(key: string, jobId: string, windowSeconds?: number): KeyEntry {
  return windowSeconds === undefined
    ? { key, jobId, fingerprint: `fp-${jobId}`, mode: 'untilFinished' }
    : {
        key,
        jobId,
        fingerprint: `fp-${jobId}`,
        mode: 'window',
        expiresAt: later(windowSeconds).toISOString(),
      };
}

/** The IdempotencyKeys contract, run against every adapter. */
export function idempotencyKeysConformance(name: string, makeKeys: () => IdempotencyKeys): void {
  describe(`IdempotencyKeys contract: ${name}`, () => {
    const key = () => `order-${randomUUID()}`;

    it('takes a free key, and answers the holder, whole, to everyone after', async () => {
      const keys = makeKeys();
      const k = key();
      const first = entry(k, 'job-1', 3600);
      expect(await keys.reserve(first, T0)).toBeUndefined();
      expect(await keys.reserve(entry(k, 'job-2', 3600), later(5))).toEqual(first);
    });

    it('frees a window key when its window ends, and never an untilFinished one by time', async () => {
      const keys = makeKeys();
      const [windowed, held] = [key(), key()];
      await keys.reserve(entry(windowed, 'job-1', 10), T0);
      expect(await keys.reserve(entry(windowed, 'job-2', 10), later(9))).toMatchObject({ jobId: 'job-1' });
      expect(await keys.reserve(entry(windowed, 'job-3', 99), later(10))).toBeUndefined();
      expect(await keys.reserve(entry(windowed, 'job-4', 99), later(11))).toMatchObject({ jobId: 'job-3' });
      await keys.reserve(entry(held, 'job-5'), T0);
      expect(await keys.reserve(entry(held, 'job-6'), later(10 * 365 * 86_400))).toEqual(
        entry(held, 'job-5'),
      );
    });

    it('hands a key over only from the job that holds it', async () => {
      const keys = makeKeys();
      const k = key();
      await keys.reserve(entry(k, 'job-1'), T0);
      expect(await keys.replace(entry(k, 'job-2'), 'job-1')).toBe(true);
      // A second take-over from the old holder lost the race.
      expect(await keys.replace(entry(k, 'job-3'), 'job-1')).toBe(false);
      expect(await keys.reserve(entry(k, 'job-4'), T0)).toMatchObject({ jobId: 'job-2' });
    });

    it('frees a key only for the job that holds it', async () => {
      const keys = makeKeys();
      const k = key();
      await keys.reserve(entry(k, 'job-1'), T0);
      await keys.release(k, 'job-2');
      expect(await keys.reserve(entry(k, 'job-3'), T0)).toMatchObject({ jobId: 'job-1' });
      await keys.release(k, 'job-1');
      expect(await keys.reserve(entry(k, 'job-3'), T0)).toBeUndefined();
    });

    it('gives a key to exactly one of 20 racing reservations', async () => {
      const keys = makeKeys();
      const k = key();
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => keys.reserve(entry(k, `job-${i}`, 3600), T0)),
      );
      const winners = answers.filter((holder) => holder === undefined);
      expect(winners).toHaveLength(1);
      const winner = answers.indexOf(undefined);
      expect(new Set(answers.filter(Boolean).map((holder) => holder?.jobId))).toEqual(
        new Set([`job-${winner}`]),
      );
    });
  });
}
