import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { apiClient } from '../client.ts';

/** What the fault tests need from the embedded runtime's files and API. */

export type Api = ReturnType<typeof apiClient>;
export type Job = Record<string, unknown> & { id: string; status: string; attempts: number };

export const TERMINAL = ['completed', 'failed', 'canceled'];

export function tempStateDir(name: string): string {
  return mkdtempSync(path.join(tmpdir(), `sqs-jobs-${name}-`));
}

/** Runs `work` over items, at most `limit` at a time, keeping the order of results. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T);
    }
  });
  await Promise.all(lanes);
  return results;
}

export interface Submission {
  readonly id: string;
  /** 429 answers met on the way, with their Retry-After and error code. */
  readonly throttled: {
    readonly retryAfter: string | null;
    readonly code: unknown;
    readonly body: unknown;
  }[];
}

/** POST /jobs, honouring 429 + Retry-After (seconds) until the job is accepted. */
export async function submit(api: Api, body: object, timeoutMs = 120_000): Promise<Submission> {
  const throttled: Submission['throttled'] = [];
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await api.post<{ id?: string; error?: { code?: unknown } }>('/jobs', JSON.stringify(body));
    if (res.status === 202 && res.body.id) return { id: res.body.id, throttled };
    if (res.status !== 429) throw new Error(`POST /jobs answered ${res.status}: ${JSON.stringify(res.body)}`);
    const retryAfter = res.headers.get('retry-after');
    throttled.push({ retryAfter, code: res.body.error?.code, body: res.body });
    await sleep(Math.max(0.05, Number(retryAfter ?? '1')) * 1000);
  }
  throw new Error('POST /jobs kept answering 429');
}

/** Waits until GET /status counts no pending or running job; returns the last counts. */
export async function waitUntilIdle(api: Api, timeoutMs: number): Promise<Record<string, number>> {
  const deadline = Date.now() + timeoutMs;
  let counts: Record<string, number> = {};
  while (Date.now() < deadline) {
    const res = await api.get<Record<string, number>>('/status');
    if (res.status === 200) {
      counts = res.body;
      if (counts.pending === 0 && counts.running === 0) return counts;
    }
    await sleep(1_000);
  }
  return counts;
}

/** Waits until every job in `ids` is completed, failed or canceled, reading the jobs themselves. */
export async function waitUntilTerminal(
  api: Api,
  ids: readonly string[],
  timeoutMs: number,
  pollMs = 2_000,
): Promise<Job[]> {
  const deadline = Date.now() + timeoutMs;
  let jobs = await getJobs(api, ids);
  while (Date.now() < deadline && jobs.some((job) => !TERMINAL.includes(job.status))) {
    await sleep(pollMs);
    jobs = await getJobs(api, ids);
  }
  return jobs;
}

export function getJobs(api: Api, ids: readonly string[]): Promise<Job[]> {
  return mapLimit(ids, 16, async (id) => (await api.get<Job>(`/jobs/${id}`)).body);
}

export type EventLine = Record<string, unknown> & { type: string };

/** <stateDir>/events.log, one JSON event a line. */
export function runtimeEvents(stateDir: string): EventLine[] {
  const file = path.join(stateDir, 'events.log');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as EventLine);
}

export function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

/** The job queue's VisibilityTimeout in the assembly the runtime synthesized for its --context. */
export function synthesizedVisibilityTimeout(stateDir: string): number | undefined {
  for (const entry of readdirSync(stateDir)) {
    if (!entry.startsWith('cdk.out-')) continue;
    const template = JSON.parse(
      readFileSync(path.join(stateDir, entry, 'SqsJobs.template.json'), 'utf8'),
    ) as {
      Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
    };
    const queue = Object.values(template.Resources).find(
      (r) => r.Type === 'AWS::SQS::Queue' && r.Properties?.RedrivePolicy,
    );
    return Number(queue?.Properties?.VisibilityTimeout);
  }
  return undefined;
}

/** One entry of a job's attempt history, as GET /jobs/{id} shows it. */
export interface Attempt {
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly outcome?: string;
  readonly workerId?: string;
}

export function history(job: Job): Attempt[] {
  return Array.isArray(job.history) ? (job.history as Attempt[]) : [];
}

/**
 * What a job's attempt history says went wrong, for a job expected to end `expected`. Each claim
 * appends an attempt in the same write that takes the job, and the attempt's outcome write closes
 * it, so this is the durable record of every run of the handler (a log line can die with a killed
 * instance): a completed job has exactly one completed attempt and a failed one none; every
 * attempt counted was claimed; no attempt started before the previous one ended, nor after a
 * final outcome.
 */
export function attemptProblems(job: Job, expected: string): string[] {
  const attempts = history(job);
  const problems: string[] = [];
  if (attempts.length !== job.attempts)
    problems.push(`${job.id}: ${job.attempts} attempts counted, ${attempts.length} in its history`);
  const completed = attempts.filter((attempt) => attempt.outcome === 'completed').length;
  const want = expected === 'completed' ? 1 : 0;
  if (completed !== want) problems.push(`${job.id}: ${completed} attempts completed, want ${want}`);
  for (const [i, attempt] of attempts.entries()) {
    const previous = attempts[i - 1];
    if (!previous) continue;
    if (previous.finishedAt && attempt.startedAt < previous.finishedAt)
      problems.push(
        `${job.id}: attempt ${i + 1} started ${attempt.startedAt}, before attempt ${i} finished ${previous.finishedAt}`,
      );
    if (previous.outcome === 'completed' || previous.outcome === 'failed')
      problems.push(`${job.id}: attempt ${i + 1} ran after attempt ${i} ended ${previous.outcome}`);
  }
  return problems;
}
