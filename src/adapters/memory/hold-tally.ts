import type { HoldTally } from '../../core/ports.ts';

const MINUTE_MS = 60_000;

/** The HoldTally in memory, with the DynamoDB adapter's rule: a minute is read once it is over. */
export function createMemoryHoldTally(): HoldTally {
  const minutes = new Map<string, number>();
  return {
    async add(type, at) {
      const key = `${Math.floor(at.getTime() / MINUTE_MS) * MINUTE_MS}#${type}`;
      minutes.set(key, (minutes.get(key) ?? 0) + 1);
    },
    async read(after, until) {
      const byType: Record<string, number> = {};
      for (const [key, count] of minutes) {
        const end = Number(key.slice(0, key.indexOf('#'))) + MINUTE_MS;
        if (end <= after.getTime() || end > until.getTime()) continue;
        const type = key.slice(key.indexOf('#') + 1);
        byType[type] = (byType[type] ?? 0) + count;
      }
      return byType;
    },
  };
}
