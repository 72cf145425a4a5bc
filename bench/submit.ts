import { postAll } from './http-load.ts';
import type { BenchOptions } from './scenario.ts';

/** A job accepted by the system, and when the benchmark sent it (ms since the epoch). */
export interface Submitted {
  readonly id: string;
  readonly sentAt: number;
}

/** The submission every benchmark job is: `--type`, and `--payload` when given. */
export function jobBody(options: Pick<BenchOptions, 'type' | 'payload'>): Record<string, unknown> {
  return { type: options.type, ...(options.payload === undefined ? {} : { payload: options.payload }) };
}

/** n jobs, one POST /jobs each, `concurrency` in flight; a refused one aborts the run. */
export async function postJobs(
  apiUrl: string,
  n: number,
  options: Pick<BenchOptions, 'type' | 'payload' | 'concurrency'>,
  onAccepted?: (accepted: number) => void,
): Promise<Submitted[]> {
  const body = JSON.stringify(jobBody(options));
  const answers = await postAll(
    `${apiUrl}/jobs`,
    Array.from({ length: n }, () => body),
    options.concurrency,
    onAccepted,
  );
  return answers.map((answer) => ({ id: String(answer.body.id), sentAt: answer.sentAt }));
}

/** How POST /jobs/batch requests are made up: `size` jobs each, or fan-ins of `fanIn` parents and a child. */
export type BatchShape = { readonly size: number } | { readonly fanIn: number };

/** The request bodies of n jobs in batches of the given shape. */
export function batchBodies(n: number, shape: BatchShape, job: Record<string, unknown>): string[] {
  const size = 'fanIn' in shape ? shape.fanIn + 1 : shape.size;
  return Array.from({ length: Math.ceil(n / size) }, (_, i) => {
    const count = Math.min(size, n - i * size);
    const jobs: Record<string, unknown>[] = Array.from({ length: count }, () => ({ ...job }));
    // The last job of each fan-in waits for the others.
    if ('fanIn' in shape && count > 1)
      jobs[count - 1] = { ...job, dependsOn: Array.from({ length: count - 1 }, (_, k) => k) };
    return JSON.stringify({ jobs });
  });
}

/** n jobs through POST /jobs/batch, `concurrency` requests in flight; a refused job aborts the run. */
export async function postBatches(
  apiUrl: string,
  n: number,
  shape: BatchShape,
  options: Pick<BenchOptions, 'type' | 'payload' | 'concurrency'>,
  onAccepted?: (accepted: number) => void,
): Promise<Submitted[]> {
  const bodies = batchBodies(n, shape, jobBody(options));
  const size = 'fanIn' in shape ? shape.fanIn + 1 : shape.size;
  const answers = await postAll(`${apiUrl}/jobs/batch`, bodies, options.concurrency, (answered) =>
    onAccepted?.(Math.min(n, answered * size)),
  );
  return answers.flatMap((answer) =>
    (answer.body.results as { accepted: boolean; id?: string; error?: unknown }[]).map((result) => {
      if (!result.accepted) throw new Error(`a job was refused: ${JSON.stringify(result.error)}`);
      return { id: String(result.id), sentAt: answer.sentAt };
    }),
  );
}
