import type { ItemTemplates, SidePlan } from './plan.ts';

/** What the floor's parent tells a replay process. */
export type ToReplay =
  | { readonly kind: 'init'; readonly config: ReplayConfig }
  /**
   * API side: submit `jobs` jobs with `concurrency` in flight, numbered from `firstIndex` on (the
   * processes' numbers never overlap, so fractional rates add up across them as measured).
   */
  | {
      readonly kind: 'submit';
      readonly jobs: number;
      readonly concurrency: number;
      readonly firstIndex: number;
    }
  /** Answer with the requests made since the last ask. */
  | { readonly kind: 'counts' }
  | { readonly kind: 'stop' };

/** What a replay process answers. */
export type FromReplay =
  | { readonly kind: 'ready' }
  | { readonly kind: 'submitted'; readonly jobs: number }
  /** Worker side: `count` jobs completed, the last at `at` (ms since the epoch). */
  | { readonly kind: 'completed'; readonly count: number; readonly at: number }
  | { readonly kind: 'counts'; readonly counts: Readonly<Record<string, number>> }
  | { readonly kind: 'failed'; readonly message: string };

export interface ReplayConfig {
  readonly role: 'api' | 'worker';
  readonly region: string;
  readonly endpoints: { readonly dynamodb: string; readonly sqs: string };
  readonly tableName: string;
  /** The index a status Query goes to (the jobs table's byStatus), if the table has one. */
  readonly statusIndex?: string;
  readonly queueUrl: string;
  readonly plan: SidePlan;
  readonly items: ItemTemplates;
  /** The job type written into items and messages. */
  readonly type: string;
  /** This process's number among its side's `processes`: a worker numbers its jobs and batches n, n + processes, … */
  readonly process: number;
  readonly processes: number;
  /** Worker side: messages per ReceiveMessage (at most 10) and its long-poll wait. */
  readonly receiveBatch: number;
  readonly waitTimeSeconds: number;
}
