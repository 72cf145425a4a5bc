import type { JobEvents } from '../events.ts';
import { jobMessageOf } from '../job.ts';
import { parseJobMessage } from '../job-message.ts';
import type { Clock, DeadLetter, DeadLetterQueue, JobQueue, JobStore } from '../ports.ts';

export interface RedriveFilter {
  readonly type?: string;
  readonly ids?: readonly string[];
}

export interface RedriveResult {
  /** Jobs reset to pending and queued again. */
  readonly moved: number;
  /** Messages whose job had already moved on (retried, completed): removed from the DLQ. */
  readonly stale: number;
  /** Messages left in the DLQ: not matching the filter, unreadable, or with no job record. */
  readonly skipped: number;
  /** True when the time budget ran out before the DLQ was read to the end. */
  readonly more: boolean;
}

export interface RedriveDeps {
  readonly store: JobStore;
  /** Only sends: a use case takes the part of the port it uses. */
  readonly queue: Pick<JobQueue, 'send'>;
  readonly deadLetters: DeadLetterQueue;
  readonly clock: Clock;
  /** Hears a JobRetried (cause redrive) for each job moved back. */
  readonly events?: JobEvents;
}

/**
 * Moves dead jobs back: each matching message's job is reset to pending (fresh attempts), its message
 * sent to the jobs queue, and only then removed from the DLQ — a crash in between leaves a duplicate,
 * which the claim absorbs, never a lost job. This works the same on SQS and on emulators without
 * StartMessageMoveTask, which could not reset the job records or filter by type.
 */
export async function redriveDeadLetters(
  deps: RedriveDeps,
  filter: RedriveFilter,
  budget: { readonly deadline: Date },
): Promise<RedriveResult> {
  const ids = filter.ids ? new Set(filter.ids) : undefined;
  // A job moved in this run that fails again lands in the DLQ again while we are still reading it:
  // it stays there for the next redrive instead of going round for as long as the time budget lasts.
  const moved = new Set<string>();
  const kept: string[] = [];
  let stale = 0;
  let more = false;
  try {
    for (;;) {
      if (deps.clock.now() >= budget.deadline) {
        more = true;
        break;
      }
      const batch = await deps.deadLetters.receive(10);
      if (batch.length === 0) break;
      const remove: string[] = [];
      for (const letter of batch) {
        const verdict = await redriveOne(deps, letter, filter.type, ids, moved);
        if (verdict === 'stale') stale++;
        (verdict === 'keep' ? kept : remove).push(letter.handle);
      }
      if (remove.length > 0) await deps.deadLetters.remove(remove);
    }
  } finally {
    // Messages held while reading are handed back, so the next redrive (or a person) sees them.
    if (kept.length > 0) await deps.deadLetters.release(kept);
  }
  return { moved: moved.size, stale, skipped: kept.length, more };
}

async function redriveOne(
  deps: RedriveDeps,
  letter: DeadLetter,
  type: string | undefined,
  ids: ReadonlySet<string> | undefined,
  moved: Set<string>,
): Promise<'moved' | 'stale' | 'keep'> {
  let message: ReturnType<typeof parseJobMessage>;
  try {
    message = parseJobMessage(letter.body);
  } catch {
    return 'keep';
  }
  if ((type && message.type !== type) || (ids && !ids.has(message.id)) || moved.has(message.id))
    return 'keep';
  const job = await deps.store.reset(message.id, 'redrive', deps.clock.now());
  if (job) {
    await deps.queue.send(jobMessageOf(job));
    moved.add(job.id);
    deps.events?.emit({ name: 'JobRetried', jobId: job.id, type: job.type, cause: 'redrive' });
    return 'moved';
  }
  const current = await deps.store.get(message.id);
  return current ? 'stale' : 'keep';
}
