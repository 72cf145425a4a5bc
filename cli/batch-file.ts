import { readFile } from 'node:fs/promises';
import type { BatchJob, DependencyPolicy, Priority } from '../src/client/index.ts';
import type { JobRegistry } from '../src/core/registry.ts';
import { RESERVED_FIELDS } from '../src/core/submission.ts';
import { readAll } from './arguments.ts';
import { UsageError } from './errors.ts';

/** One job of a jobs file, with the line it came from. */
export interface FileJob {
  readonly line: number;
  readonly job: BatchJob<JobRegistry>;
}

/**
 * The fields of a submission that are not payload in its flat form: the API's own list, so a line's
 * options (maxAttempts, priority, delaySeconds, runAt, idempotencyKey, dependsOn,
 * onDependencyFailure) are never sent as payload fields.
 */
const ENVELOPE: ReadonlySet<string> = new Set(RESERVED_FIELDS);

/**
 * Reads a jobs file (`-`: stdin): NDJSON, one job per line as POST /jobs takes it (`{"type", "payload",
 * "maxAttempts"?, "priority"?, "delaySeconds"? | "runAt"?, "idempotencyKey"?, "dependsOn"?,
 * "onDependencyFailure"?}` or the payload's fields next to `type`); blank lines are skipped. A
 * `dependsOn` entry may be a job id or, as POST /jobs/batch reads it, the position (from 0) of
 * another job of the file, blank lines not counted. A line that is not such a JSON object stops
 * everything before any job is sent, naming the line: a typo must not leave half a file submitted.
 */
export async function readJobsFile(path: string, stdin: NodeJS.ReadableStream): Promise<FileJob[]> {
  const source = path === '-' ? 'stdin' : path;
  let text: string;
  try {
    text = path === '-' ? await readAll(stdin) : await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new UsageError(`cannot read --file ${source}${code ? ` (${code})` : ''}`);
  }
  const jobs: FileJob[] = [];
  for (const [index, raw] of text.split('\n').entries()) {
    if (raw.trim() === '') continue;
    const line = index + 1;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (error) {
      const why = error instanceof SyntaxError ? error.message : String(error);
      throw new UsageError(`${source} line ${line} is not valid JSON (${why}); nothing was submitted`);
    }
    jobs.push({ line, job: asBatchJob(parsed, `${source} line ${line}`) });
  }
  if (jobs.length === 0) throw new UsageError(`${source} holds no jobs (one JSON object per line)`);
  return jobs;
}

function asBatchJob(value: unknown, where: string): BatchJob<JobRegistry> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new UsageError(
      `${where} must be a JSON object like {"type":"email","to":"ada@example.com"}; nothing was submitted`,
    );
  const record = value as Record<string, unknown>;
  const { type, payload, maxAttempts, priority, delaySeconds, runAt, idempotencyKey, dependsOn } = record;
  const { onDependencyFailure } = record;
  if (typeof type !== 'string' || type === '')
    throw new UsageError(`${where} has no "type"; nothing was submitted`);
  // fromEntries defines own properties, so a "__proto__" key stays a payload field, as in the API.
  const flat = Object.fromEntries(Object.entries(record).filter(([key]) => !ENVELOPE.has(key)));
  const fields = Object.keys(flat);
  if (payload !== undefined && fields.length > 0)
    throw new UsageError(
      `${where} has the payload both in "payload" and as top-level fields (${fields.join(', ')}); nothing was submitted`,
    );
  // Checked by the API like any submission: a wrong type here (or both starts, or a priority it does
  // not know) is its ValidationError, for that job alone.
  return {
    type,
    payload: (payload ?? flat) as Record<string, unknown>,
    ...(maxAttempts === undefined ? {} : { maxAttempts: maxAttempts as number }),
    ...(priority === undefined ? {} : { priority: priority as Priority }),
    ...(delaySeconds === undefined ? {} : { delaySeconds: delaySeconds as number }),
    ...(runAt === undefined ? {} : { runAt: runAt as string }),
    ...(idempotencyKey === undefined ? {} : { idempotencyKey: idempotencyKey as string }),
    ...(dependsOn === undefined ? {} : { dependsOn: dependsOn as (string | number)[] }),
    ...(onDependencyFailure === undefined
      ? {}
      : { onDependencyFailure: onDependencyFailure as DependencyPolicy }),
  } as BatchJob<JobRegistry>;
}

/**
 * The first job of a file that names another by its position (a number in `dependsOn`), with that
 * position: a file sent in several requests cannot keep them, as a position counts within its request.
 */
export function firstPositionalDependency(
  jobs: readonly FileJob[],
): { readonly line: number; readonly position: number } | undefined {
  for (const { line, job } of jobs) {
    const refs: readonly unknown[] = Array.isArray(job.dependsOn) ? job.dependsOn : [];
    const position = refs.find((ref): ref is number => typeof ref === 'number');
    if (position !== undefined) return { line, position };
  }
  return undefined;
}

/** A batch's callback as `--on-complete` gives it: a type, its payload and its own attempts and queue. */
export interface FileCallback {
  readonly type: string;
  readonly payload: Record<string, unknown>;
  readonly maxAttempts?: number;
  readonly priority?: Priority;
}

/** What a callback cannot have: it starts when the batch ends, once. */
const NOT_FOR_A_CALLBACK = ['delaySeconds', 'runAt', 'idempotencyKey', 'dependsOn', 'onDependencyFailure'];

/**
 * `--on-complete <json>`: one job as a jobs file line holds it (`{"type", "payload"?, "maxAttempts"?,
 * "priority"?}`, or the payload's fields next to `type`), without a start, key or dependencies of its
 * own. Bad JSON, or not such an object, is a usage error: nothing is sent.
 */
export function readCallback(text: string): FileCallback {
  if (text.trim() === '')
    throw new UsageError(
      `--on-complete is empty; give a JSON object, e.g. '{"type":"email","to":"ada@example.com"}'`,
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const why = error instanceof SyntaxError ? error.message : String(error);
    throw new UsageError(`--on-complete is not valid JSON (${why}); nothing was submitted`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new UsageError(
      `--on-complete must be a JSON object like '{"type":"email","payload":{"to":"ada@example.com"}}'; nothing was submitted`,
    );
  const job = asBatchJob(parsed, '--on-complete') as BatchJob<JobRegistry> & Record<string, unknown>;
  const own = NOT_FOR_A_CALLBACK.filter((field) => job[field] !== undefined);
  if (own.length > 0)
    throw new UsageError(
      `--on-complete runs once the batch's jobs have all ended, so it takes no ${own.join(', ')}; drop ${own.length === 1 ? 'it' : 'them'}; nothing was submitted`,
    );
  return {
    type: job.type,
    payload: (job.payload ?? {}) as Record<string, unknown>,
    ...(job.maxAttempts === undefined ? {} : { maxAttempts: job.maxAttempts }),
    ...(job.priority === undefined ? {} : { priority: job.priority }),
  };
}
