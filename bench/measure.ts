import type { PoolStats } from '../local/functions/pool.ts';
import type { RequestCounts } from '../src/adapters/aws/request-counter.ts';
import { percentile } from '../src/core/cost.ts';

/** Percentiles of a sample in ms (nearest rank, as the cost estimate and the dashboard compute them). */
export interface Percentiles {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

export function percentiles(values: readonly number[]): Percentiles {
  return {
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    max: values.length === 0 ? 0 : values.reduce((a, b) => Math.max(a, b), -Infinity),
  };
}

/** `count` events over `ms` as a rate per second; 0 when no time passed (nothing to divide by). */
export function perSecond(count: number, ms: number): number {
  return ms > 0 ? (count / ms) * 1000 : 0;
}

/** What `after` counted beyond `before`; keys that did not grow are left out. */
export function diffCounts(after: RequestCounts, before: RequestCounts): RequestCounts {
  const out: RequestCounts = {};
  for (const [key, n] of Object.entries(after)) {
    const grown = n - (before[key] ?? 0);
    if (grown > 0) out[key] = grown;
  }
  return out;
}

/** Each count divided by `jobs`. */
export function perJob(counts: Readonly<Record<string, number>>, jobs: number): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).map(([key, n]) => [key, jobs > 0 ? n / jobs : 0]));
}

/** One function's share of a measured run. */
export interface FunctionUsage {
  readonly name: string;
  readonly memoryMb: number;
  readonly invocations: number;
  /** Billed duration × memory, as Lambda bills it: busy time in s × GB. */
  readonly gbSeconds: number;
  /** Execution environments alive at the end (idle or busy). */
  readonly instances: number;
}

/** Each function's invocations and GB-s between two readings of `runtime.functionStats()`. */
export function functionUsage(before: readonly PoolStats[], after: readonly PoolStats[]): FunctionUsage[] {
  return after.map((now) => {
    const then = before.find((stats) => stats.logicalId === now.logicalId);
    return {
      name: now.shortName,
      memoryMb: now.memoryMb,
      invocations: now.invocations - (then?.invocations ?? 0),
      gbSeconds: ((now.busyMs - (then?.busyMs ?? 0)) / 1000) * (now.memoryMb / 1024),
      instances: now.idle + now.busy,
    };
  });
}
