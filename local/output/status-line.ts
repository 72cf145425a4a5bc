import type { LocalRuntime, QueueDepth } from '../runtime-types.ts';

/**
 * One line of live numbers, e.g.
 * `worker 3/4 busy · 1,204 invocations · queue 12 visible, 4 in flight · dlq 0 · api 318 req`.
 * Functions fed by a queue come first; the others show only when they have run.
 */
export function statusLine(runtime: LocalRuntime, depths: readonly QueueDepth[] | undefined): string {
  const number = new Intl.NumberFormat('en-US');
  const fed = new Set(runtime.eventSources.map((source) => source.functionShortName));
  const parts: string[] = [];
  const stats = runtime.functionStats();
  for (const fn of stats.filter((s) => fed.has(s.shortName))) {
    parts.push(`${fn.shortName} ${fn.busy}/${fn.limit} busy · ${number.format(fn.invocations)} invocations`);
  }
  const order = { queue: 0, other: 1, dlq: 2 } as const;
  for (const depth of [...(depths ?? [])].sort((a, b) => order[a.role] - order[b.role])) {
    parts.push(
      depth.role === 'dlq'
        ? `dlq ${number.format(depth.visible)}`
        : `${depth.role} ${number.format(depth.visible)} visible, ${number.format(depth.inFlight)} in flight`,
    );
  }
  if (runtime.apiUrl) parts.push(`api ${number.format(runtime.apiRequests())} req`);
  for (const fn of stats.filter((s) => !fed.has(s.shortName) && s.shortName !== 'api' && s.invocations > 0)) {
    parts.push(`${fn.shortName} ${number.format(fn.invocations)}×`);
  }
  const errors = stats.reduce((sum, fn) => sum + fn.errors, 0);
  if (errors > 0) parts.push(`${number.format(errors)} errors`);
  return parts.join(' · ');
}
