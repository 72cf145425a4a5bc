import { DEFAULT_POLLERS } from '../event-sources/sqs-event-source.ts';
import type { StackModel } from '../template/model.ts';

/** Lambda's default cap for a function nobody limits; locally it bounds the processes we fork. */
const DEFAULT_FUNCTION_CONCURRENCY = 10;

/**
 * A function's instance limit: its reserved concurrency, else what its SQS mappings allow
 * (MaximumConcurrency, or Lambda's five initial pollers), else Lambda's unreserved default here.
 */
export function concurrencyOf(model: StackModel, logicalId: string): number {
  const fn = model.functions.find((candidate) => candidate.logicalId === logicalId);
  if (fn?.reservedConcurrency !== undefined) return Math.max(1, fn.reservedConcurrency);
  const mappings = model.eventSources.filter(
    (mapping) => mapping.functionLogicalId === logicalId && mapping.enabled,
  );
  if (mappings.length > 0)
    return mappings.reduce((sum, mapping) => sum + (mapping.maxConcurrency ?? DEFAULT_POLLERS), 0);
  return DEFAULT_FUNCTION_CONCURRENCY;
}
