/**
 * Counts AWS requests by service and operation, process-wide. The benchmark and the cost estimate
 * read these counts; on AWS they cost nothing but a map lookup per request.
 */
export type RequestCounts = Record<string, number>;

const COUNTS_KEY = Symbol.for('sqs-jobs.aws-request-counts');

type GlobalWithCounts = typeof globalThis & { [COUNTS_KEY]?: Map<string, number> };

function countsMap(): Map<string, number> {
  const g = globalThis as GlobalWithCounts;
  g[COUNTS_KEY] ??= new Map();
  return g[COUNTS_KEY];
}

/**
 * Counts `n` of `service.operation`. A batch write also counts its items under
 * `<service>.<operation>:items` (see ITEMS_SUFFIX): it is billed per item, not per request.
 */
export function countRequest(service: string, operation: string, n = 1): void {
  const key = `${service}.${operation}`;
  const counts = countsMap();
  counts.set(key, (counts.get(key) ?? 0) + n);
}

/** The suffix of a count of items written by batch requests, e.g. `DynamoDB.BatchWriteItem:items`. */
export const ITEMS_SUFFIX = ':items';

/** Returns the counts since the last drain and resets them. */
export function drainRequestCounts(): RequestCounts {
  const counts = countsMap();
  const out = Object.fromEntries(counts);
  counts.clear();
  return out;
}

export function addRequestCounts(into: RequestCounts, from: RequestCounts): RequestCounts {
  for (const [key, n] of Object.entries(from)) into[key] = (into[key] ?? 0) + n;
  return into;
}
