import { availableParallelism } from 'node:os';
import type { StackModel } from '../template/model.ts';

/**
 * How many instances of a function the runtime starts before it says it is ready, as provisioned
 * concurrency would: a first start costs a few hundred milliseconds of CPU, which the first jobs
 * and requests of a fresh stack would otherwise wait for (and a steady light load would meet again
 * each time it reached one more instance). A function fed by SQS gets one per poller it can use at
 * once, up to two per core; the API's function one per core (more requests than cores at once do
 * not run faster here); scheduled functions none (once a minute, nobody waits on them).
 */
export function warmCount(
  model: StackModel,
  logicalId: string,
  limit: number,
  cores: number = availableParallelism(),
): number {
  if (model.eventSources.some((mapping) => mapping.enabled && mapping.functionLogicalId === logicalId))
    return Math.min(limit, 2 * cores);
  const servesApi = model.api?.routes.some(
    (route) => route.integration.type === 'AWS_PROXY' && route.integration.functionLogicalId === logicalId,
  );
  return servesApi ? Math.min(limit, cores) : 0;
}
