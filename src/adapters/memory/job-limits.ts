import type { JobLimits } from '../../core/ports.ts';

/** The JobLimits port in memory, held to the same conformance suite as the DynamoDB adapter. */
export function createMemoryJobLimits(): JobLimits {
  const slots = new Map<string, Map<string, number>>();
  const rates = new Map<string, { second: number; count: number }>();
  const holdersOf = (name: string) => {
    const holders = slots.get(name) ?? new Map<string, number>();
    slots.set(name, holders);
    return holders;
  };
  return {
    async acquire(name, holder, max, leaseUntil, now) {
      const holders = holdersOf(name);
      for (const [who, lease] of holders) if (lease <= now.getTime() && who !== holder) holders.delete(who);
      const others = [...holders.keys()].filter((who) => who !== holder).length;
      if (others >= max) return false;
      holders.set(holder, leaseUntil.getTime());
      return true;
    },
    async renew(name, holder, leaseUntil) {
      const holders = holdersOf(name);
      if (holders.has(holder)) holders.set(holder, leaseUntil.getTime());
    },
    async release(name, holder) {
      holdersOf(name).delete(holder);
    },
    async takeRate(name, max, now) {
      const second = Math.floor(now.getTime() / 1000);
      const rate = rates.get(name);
      if (!rate || rate.second < second) {
        rates.set(name, { second, count: 1 });
        return true;
      }
      if (rate.second > second || rate.count >= max) return false;
      rate.count += 1;
      return true;
    },
  };
}
