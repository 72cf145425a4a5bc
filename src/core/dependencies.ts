import { z } from 'zod';
import { SqsJobsError, ValidationError } from './errors.ts';
import type { Job } from './job.ts';
import type { FinishedStatus } from './stats/window.ts';

/**
 * Job dependencies (`dependsOn`): a job that names others waits in `waiting` until they end, then is
 * queued. How it is decided, in one place:
 *
 * - Each dependency's outcome is recorded on the dependent once (`dependencyOutcomes[id]`, a
 *   conditional write that also counts `dependenciesLeft` down), by whichever comes first: the
 *   dependency's own final write (it lists its `dependents`), the submission that finds the
 *   dependency already final, or the sweeper's check of jobs waiting for long. So an outcome is never
 *   lost and never counted twice, whatever races.
 * - The verdict below reads those outcomes. Only one writer wins the move out of `waiting`.
 */

/** What a dependent does when a dependency ends `failed` or `canceled`. */
export const DEPENDENCY_POLICIES = ['fail', 'skip', 'run'] as const;
export type DependencyPolicy = (typeof DEPENDENCY_POLICIES)[number];
export const DEFAULT_DEPENDENCY_POLICY: DependencyPolicy = 'fail';
export const dependencyPolicySchema = z.enum(DEPENDENCY_POLICIES, {
  error: `onDependencyFailure must be one of ${DEPENDENCY_POLICIES.join(', ')}`,
});

/** The most dependencies one job names (its record lists them, and the handler reads them all). */
export const MAX_DEPENDENCIES = 500;

/**
 * One entry of `dependsOn`: a job's id, or — in a batch submit only — the position (from 0) of
 * another item of the same batch, so a chain or a diamond goes in one request.
 */
export const dependencyRefSchema = z.union([z.string().min(1).max(128), z.number().int().min(0)]);
export type DependencyRef = z.infer<typeof dependencyRefSchema>;

export const dependsOnSchema = z
  .array(dependencyRefSchema)
  .min(1, 'dependsOn names at least one job')
  .max(MAX_DEPENDENCIES, `dependsOn names at most ${MAX_DEPENDENCIES} jobs`)
  .refine((refs) => new Set(refs).size === refs.length, 'dependsOn names each job once');

/** What the handler of a dependent sees of each dependency (`ctx.dependencies[id]`). */
export interface DependencyOutcome {
  readonly id: string;
  readonly type: string;
  readonly status: FinishedStatus;
  /** The dependency's result, when it completed. */
  readonly result?: unknown;
  /** Why it failed. */
  readonly error?: { readonly name: string; readonly message: string };
}

export type WaitingVerdict =
  /** Some dependency has not ended yet. */
  | { readonly kind: 'wait' }
  /** Every dependency ended and the policy lets the job run: it is queued. */
  | { readonly kind: 'release' }
  /** A dependency ended failed or canceled and the policy is `fail` or `skip`: the job ends without running. */
  | {
      readonly kind: 'end';
      readonly status: 'failed' | 'canceled';
      readonly dependency: string;
      readonly outcome: FinishedStatus;
    };

/** What becomes of a waiting job, from the dependency outcomes recorded on it. */
export function waitingVerdict(
  job: Pick<Job, 'dependsOn' | 'dependencyOutcomes' | 'onDependencyFailure'>,
): WaitingVerdict {
  const outcomes = job.dependencyOutcomes ?? {};
  const policy = job.onDependencyFailure ?? DEFAULT_DEPENDENCY_POLICY;
  if (policy !== 'run') {
    // In the order named, so the reason names the first dependency that went wrong.
    for (const id of job.dependsOn ?? []) {
      const outcome = outcomes[id];
      if (outcome === 'failed' || outcome === 'canceled')
        return { kind: 'end', status: policy === 'skip' ? 'canceled' : 'failed', dependency: id, outcome };
    }
  }
  const ended = (job.dependsOn ?? []).every((id) => outcomes[id] !== undefined);
  return ended ? { kind: 'release' } : { kind: 'wait' };
}

/** The dependencies of a job whose outcome is not recorded yet. */
export function unresolvedDependencies(job: Pick<Job, 'dependsOn' | 'dependencyOutcomes'>): string[] {
  const outcomes = job.dependencyOutcomes ?? {};
  return (job.dependsOn ?? []).filter((id) => outcomes[id] === undefined);
}

/** The error a job ends with when a dependency failed under the `fail` policy. */
export class DependencyFailedError extends SqsJobsError {
  constructor(dependency: string, outcome: FinishedStatus) {
    super('DependencyFailed', `Dependency ${dependency} ended ${outcome}, so this job did not run.`, {
      dependency,
      outcome,
    });
  }
}

/** A `dependsOn` entry names no job (or, in a batch, no item). */
export class UnknownDependencyError extends ValidationError {
  constructor(ref: DependencyRef) {
    super(
      typeof ref === 'number'
        ? `dependsOn: this batch has no item ${ref}.`
        : `dependsOn: no job with id "${ref}".`,
      { field: 'dependsOn', dependency: ref, reason: 'unknown' },
    );
  }
}

/** Items of one batch that depend on each other in a circle: none of them could ever start. */
export class DependencyCycleError extends ValidationError {
  constructor(cycle: readonly number[]) {
    super(`dependsOn: items ${cycle.join(' → ')} of this batch depend on each other in a cycle.`, {
      field: 'dependsOn',
      reason: 'cycle',
      cycle,
    });
  }
}

/** A batch item depends on another item of the batch that was refused. */
export class DependencyRefusedError extends ValidationError {
  constructor(index: number) {
    super(`dependsOn: item ${index} of this batch was refused, so this job could never start.`, {
      field: 'dependsOn',
      dependency: index,
      reason: 'refused',
    });
  }
}

/**
 * The items of a batch that can never start, with why: those in a dependency cycle, those naming an
 * item that does not exist or is itself refused (given in `refused`), and so on down the chain. Each
 * item lists the positions it depends on; strings (job ids) are not looked at here.
 */
export function unstartableItems(
  items: ReadonlyMap<number, readonly DependencyRef[]>,
  refused: ReadonlySet<number>,
  size: number,
): Map<number, ValidationError> {
  const errors = new Map<number, ValidationError>();
  // Cycles first (depth-first search, one colour per item): each item on a cycle is refused as such.
  const state = new Map<number, 'open' | 'done'>();
  const path: number[] = [];
  const visit = (index: number): void => {
    state.set(index, 'open');
    path.push(index);
    for (const ref of items.get(index) ?? []) {
      if (typeof ref !== 'number' || !items.has(ref)) continue;
      if (state.get(ref) === 'open') {
        const cycle = [...path.slice(path.indexOf(ref)), ref];
        for (const member of cycle)
          if (!errors.has(member)) errors.set(member, new DependencyCycleError(cycle));
      } else if (!state.has(ref)) visit(ref);
    }
    path.pop();
    state.set(index, 'done');
  };
  for (const index of items.keys()) if (!state.has(index)) visit(index);
  // Then whatever depends on a missing, refused or unstartable item, until nothing changes.
  let changed = true;
  while (changed) {
    changed = false;
    for (const [index, refs] of items) {
      if (errors.has(index)) continue;
      for (const ref of refs) {
        if (typeof ref !== 'number') continue;
        const error =
          ref >= size
            ? new UnknownDependencyError(ref)
            : refused.has(ref) || errors.has(ref)
              ? new DependencyRefusedError(ref)
              : undefined;
        if (error) {
          errors.set(index, error);
          changed = true;
          break;
        }
      }
    }
  }
  return errors;
}
