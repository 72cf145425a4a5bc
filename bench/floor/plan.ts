/**
 * What the floor replays, worked out from a throughput run's POST /jobs mode: which requests each
 * side made per job (or per received batch), and the items and messages they carry. Pure, so the
 * replay process (plain AWS SDK, no sqs-jobs code) only executes it.
 */

/** A DynamoDB item in the low-level client's form ({ S: "…" }, { N: "1" }, { M: { … } } …). */
export type RawItem = Record<string, RawValue>;
export type RawValue =
  | { S: string }
  | { N: string }
  | { BOOL: boolean }
  | { NULL: true }
  | { M: Record<string, RawValue> }
  | { L: RawValue[] }
  | { SS: string[] }
  | { NS: string[] };

/** Operations the replay knows how to make once per job (or per message, on the worker side). */
export const PER_JOB_OPERATIONS = [
  'SQS.GetQueueAttributes',
  'DynamoDB.GetItem',
  'DynamoDB.Query',
  'DynamoDB.PutItem',
  'DynamoDB.UpdateItem',
  'DynamoDB.DeleteItem',
  'SQS.SendMessage',
  'SQS.ChangeMessageVisibility',
  'SQS.DeleteMessage',
] as const;
/** Operations a worker makes once per batch it receives; in this order around the batch's jobs. */
export const BEFORE_BATCH_OPERATIONS = ['SQS.ChangeMessageVisibilityBatch'] as const;
export const AFTER_BATCH_OPERATIONS = ['SQS.DeleteMessageBatch'] as const;
/** Not replayed as measured: the replay's own loop makes as many as it needs. */
const EMERGENT_OPERATIONS = ['SQS.ReceiveMessage'];

export type PerJobOperation = (typeof PER_JOB_OPERATIONS)[number];
export type BatchOperation =
  | (typeof BEFORE_BATCH_OPERATIONS)[number]
  | (typeof AFTER_BATCH_OPERATIONS)[number];

export interface SidePlan {
  /** Child processes, like the function's instances. */
  readonly processes: number;
  /** Requests of each operation per job (fractions spread evenly over the jobs). */
  readonly perJob: Readonly<Partial<Record<PerJobOperation, number>>>;
  /** Requests of each operation per received batch (worker side only). */
  readonly perBatch: Readonly<Partial<Record<BatchOperation, number>>>;
}

export interface FloorPlan {
  readonly api: SidePlan & { readonly concurrency: number };
  readonly worker: SidePlan;
  /** "EventBridge.PutEvents (worker, 0.01/job)": measured but not replayed. */
  readonly notReplayed: readonly string[];
}

/** What the floor needs of the measured run. */
export interface MeasuredMix {
  readonly jobs: number;
  readonly concurrency: number;
  /** By side: "api", "worker", "pollers" (others are not replayed). */
  readonly requestsBySide: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly apiInstances: number;
  readonly workerInstances: number;
  readonly workerInvocations: number;
}

const isOneOf = <T extends string>(list: readonly T[], key: string): key is T =>
  (list as readonly string[]).includes(key);

/**
 * The API function's requests become the API side's, per job; the worker function's and the
 * pollers' become the worker side's, per job or per batch (a batch being one worker invocation).
 */
export function floorPlan(mix: MeasuredMix): FloorPlan {
  const notReplayed: string[] = [];
  const perJob = (side: string) =>
    Object.entries(mix.requestsBySide[side] ?? {}).map(([key, n]) => [key, n / mix.jobs] as const);
  const skip = (side: string, key: string, rate: number) => {
    if (!key.endsWith(':items') && !EMERGENT_OPERATIONS.includes(key))
      notReplayed.push(`${key} (${side}, ${rate.toFixed(3)}/job)`);
  };

  const api: Partial<Record<PerJobOperation, number>> = {};
  for (const [key, rate] of perJob('api')) {
    if (isOneOf(PER_JOB_OPERATIONS, key)) api[key] = rate;
    else skip('api', key, rate);
  }
  const batchesPerJob = mix.workerInvocations / mix.jobs;
  const worker: Partial<Record<PerJobOperation, number>> = {};
  const perBatch: Partial<Record<BatchOperation, number>> = {};
  for (const side of ['worker', 'pollers']) {
    for (const [key, rate] of perJob(side)) {
      if (isOneOf(PER_JOB_OPERATIONS, key)) worker[key] = (worker[key] ?? 0) + rate;
      else if (isOneOf<BatchOperation>([...BEFORE_BATCH_OPERATIONS, ...AFTER_BATCH_OPERATIONS], key))
        perBatch[key] = (perBatch[key] ?? 0) + (batchesPerJob > 0 ? rate / batchesPerJob : 0);
      else skip(side, key, rate);
    }
  }
  for (const [side, counts] of Object.entries(mix.requestsBySide))
    if (!['api', 'worker', 'pollers'].includes(side))
      for (const [key, n] of Object.entries(counts)) skip(side, key, n / mix.jobs);
  return {
    api: {
      processes: Math.max(1, mix.apiInstances),
      concurrency: mix.concurrency,
      perJob: api,
      perBatch: {},
    },
    worker: { processes: Math.max(1, mix.workerInstances), perJob: worker, perBatch },
    notReplayed,
  };
}

/**
 * How many times an operation made `rate` times per job runs for the job numbered `index`: the
 * fractions add up evenly (0.25 → once every fourth job; 2 → twice each).
 */
export function repeatsFor(rate: number, index: number): number {
  return Math.floor((index + 1) * rate + 1e-9) - Math.floor(index * rate + 1e-9);
}

/** Splits n things into `parts` shares as even as can be (their sum is n). */
export function shares(n: number, parts: number): number[] {
  return weightedShares(n, Array(parts).fill(1));
}

/** Splits n things in proportion to `weights` (their sum is n; a weight of 0 gets none). */
export function weightedShares(n: number, weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  if (total <= 0) return weights.map(() => 0);
  let before = 0;
  return weights.map((weight) => {
    const share = Math.floor((n * (before + weight)) / total) - Math.floor((n * before) / total);
    before += weight;
    return share;
  });
}

/** Attributes a job item gets from the worker, in the order its updates write them. */
const WORKER_ATTRIBUTES = [
  'startedAt',
  'workerId',
  'leaseExpiresAt',
  'progress',
  'history',
  'result',
  'error',
  'finishedAt',
  'expiresAt',
];

/** A job item as the API writes it, and what each of the worker's updates adds to it. */
export interface ItemTemplates {
  /** Without id and times (the replay sets them), status `pending`. */
  readonly submitted: RawItem;
  /** One per update of a job: the attributes it sets besides status and updatedAt. */
  readonly updates: readonly RawItem[];
}

/**
 * From a finished job item of the measured run: the item as submitted (the worker's attributes
 * taken off) and `updateCount` updates that put them back, so items have the measured run's
 * attributes, sizes and index keys at each step.
 */
export function itemTemplates(sample: RawItem, updateCount: number): ItemTemplates {
  const submitted: RawItem = {};
  const added: [string, RawValue][] = [];
  for (const [name, value] of Object.entries(sample)) {
    if (WORKER_ATTRIBUTES.includes(name)) added.push([name, value]);
    else if (!['id', 'status', 'createdAt', 'updatedAt'].includes(name)) submitted[name] = value;
  }
  added.sort(([a], [b]) => WORKER_ATTRIBUTES.indexOf(a) - WORKER_ATTRIBUTES.indexOf(b));
  const parts = Math.max(1, updateCount);
  const sizes = shares(added.length, parts);
  let next = 0;
  const updates = sizes.map((size) => {
    const chunk = Object.fromEntries(added.slice(next, next + size));
    next += size;
    return chunk;
  });
  return { submitted, updates };
}
