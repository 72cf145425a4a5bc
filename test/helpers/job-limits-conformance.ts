import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { JobLimits } from '../../src/core/ports.ts';

const T0 = Date.parse('2026-06-01T12:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms);

/** The JobLimits contract, run on DynamoDB (dynalite) and on the in-memory twin. */
export function jobLimitsConformance(name: string, make: () => Promise<JobLimits>): void {
  describe(`JobLimits contract: ${name}`, () => {
    const limit = () => `type:resize-${randomUUID()}`;

    it('gives out `max` slots, refuses the next, and gives a released one out again', async () => {
      const limits = await make();
      const l = limit();
      const lease = at(60_000);
      expect(await limits.acquire(l, 'a', 2, lease, at(0))).toBe(true);
      expect(await limits.acquire(l, 'b', 2, lease, at(0))).toBe(true);
      expect(await limits.acquire(l, 'c', 2, lease, at(0))).toBe(false);
      await limits.release(l, 'a');
      expect(await limits.acquire(l, 'c', 2, lease, at(0))).toBe(true);
      expect(await limits.acquire(l, 'd', 2, lease, at(0))).toBe(false);
    });

    it('counts a holder that acquires again once, and frees the slot of one whose lease lapsed', async () => {
      const limits = await make();
      const l = limit();
      expect(await limits.acquire(l, 'a', 1, at(10_000), at(0))).toBe(true);
      expect(await limits.acquire(l, 'a', 1, at(20_000), at(1_000))).toBe(true);
      expect(await limits.acquire(l, 'b', 1, at(30_000), at(15_000))).toBe(false);
      // a's lease ended at 20 s: its worker died, so its slot is free.
      expect(await limits.acquire(l, 'b', 1, at(40_000), at(20_001))).toBe(true);
    });

    it('keeps a renewed slot past its first lease; renewing or releasing a slot not held changes nothing', async () => {
      const limits = await make();
      const l = limit();
      expect(await limits.acquire(l, 'a', 1, at(10_000), at(0))).toBe(true);
      await limits.renew(l, 'a', at(30_000));
      await limits.renew(l, 'ghost', at(90_000));
      await limits.release(l, 'ghost');
      expect(await limits.acquire(l, 'b', 1, at(40_000), at(20_000))).toBe(false);
      expect(await limits.acquire(l, 'b', 1, at(40_000), at(30_001))).toBe(true);
    });

    it('never gives out more than `max` slots to racing holders', async () => {
      const limits = await make();
      const l = limit();
      const won = await Promise.all(
        Array.from({ length: 12 }, (_, i) => limits.acquire(l, `h${i}`, 3, at(60_000), at(0))),
      );
      expect(won.filter(Boolean).length).toBeLessThanOrEqual(3);
      expect(won.filter(Boolean).length).toBeGreaterThanOrEqual(1);
    });

    it('gives every free slot to racing holders at once, not one per round of the race', async () => {
      const limits = await make();
      const l = limit();
      // The limit exists and has room for ten: thirty deliveries race for it.
      expect(await limits.acquire(l, 'first', 10, at(60_000), at(0))).toBe(true);
      const won = await Promise.all(
        Array.from({ length: 30 }, (_, i) => limits.acquire(l, `h${i}`, 10, at(60_000), at(0))),
      );
      expect(won.filter(Boolean).length).toBe(9);
    });

    it('takes `max` starts per second of a rate, and `max` again the next second', async () => {
      const limits = await make();
      const l = `rate:email:${randomUUID()}`;
      const takes = [];
      for (let i = 0; i < 4; i += 1) takes.push(await limits.takeRate(l, 3, at(100 + i)));
      expect(takes).toEqual([true, true, true, false]);
      expect(await limits.takeRate(l, 3, at(1_000))).toBe(true);
      // Another limit's starts are its own.
      expect(await limits.takeRate(`${l}-other`, 3, at(150))).toBe(true);
    });
  });
}
