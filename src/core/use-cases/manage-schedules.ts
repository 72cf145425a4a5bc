import { ValidationError } from '../errors.ts';
import type { Clock, ScheduleStore } from '../ports.ts';
import type { SpecRegistry } from '../registry.ts';
import { parseScheduleExpression } from '../schedule/expression.ts';
import {
  assertScheduleName,
  type Schedule,
  ScheduleDeclaredError,
  ScheduleNotFoundError,
  type ScheduleSpec,
  sameSpec,
  scheduleSpecSchema,
} from '../schedule/schedule.ts';
import { parsePayload, zodToValidationError } from '../submission.ts';

export interface ScheduleDeps {
  readonly schedules: ScheduleStore;
  readonly specs: SpecRegistry;
  readonly clock: Clock;
  /** The stack's cap on maxAttempts. */
  readonly maxAttemptsLimit?: number;
  /** The names the jobs module declares: the API never makes, replaces or deletes those. */
  readonly declared?: ReadonlySet<string>;
}

/**
 * A schedule as it would be stored from `spec` at `now`: its expression, time zone, type and payload
 * checked (the payload against the type's schema, as each firing's submission will be), its next run
 * computed. A `previous` schedule with the same spec keeps its next run and history.
 */
export function scheduleFrom(
  deps: ScheduleDeps,
  name: string,
  spec: ScheduleSpec,
  declared: boolean,
  previous?: Schedule,
): Schedule {
  assertScheduleName(name);
  const expression = parseScheduleExpression(spec.schedule, { timezone: spec.timezone });
  const payload = parsePayload(deps.specs, spec.type, spec.payload ?? {});
  const limit = deps.maxAttemptsLimit ?? 25;
  if (spec.maxAttempts !== undefined && spec.maxAttempts > limit)
    throw new ValidationError(`maxAttempts: at most ${limit} on this stack.`, { field: 'maxAttempts' });
  const now = deps.clock.now();
  const at = now.toISOString();
  if (previous && sameSpec(previous, spec)) return { ...previous, declared, updatedAt: at };
  const next = expression.next(now.getTime());
  if (next === undefined)
    throw new ValidationError(`${spec.schedule} never fires again.`, { field: 'schedule' });
  return {
    name,
    schedule: spec.schedule,
    ...(spec.timezone ? { timezone: spec.timezone } : {}),
    type: spec.type,
    payload,
    ...(spec.maxAttempts !== undefined ? { maxAttempts: spec.maxAttempts } : {}),
    ...(spec.priority !== undefined ? { priority: spec.priority } : {}),
    nextRunAt: new Date(next).toISOString(),
    declared,
    createdAt: previous?.createdAt ?? at,
    updatedAt: at,
  };
}

/** `PUT /schedules/{name}`: creates or replaces a run-time schedule. */
export async function putSchedule(
  deps: ScheduleDeps,
  name: string,
  body: unknown,
): Promise<{ readonly schedule: Schedule; readonly created: boolean }> {
  assertScheduleName(name);
  if (deps.declared?.has(name)) throw new ScheduleDeclaredError(name);
  const parsed = scheduleSpecSchema.safeParse(body);
  if (!parsed.success) throw zodToValidationError(parsed.error, [], 'Invalid schedule');
  const previous = await deps.schedules.get(name);
  if (previous?.declared) throw new ScheduleDeclaredError(name);
  const schedule = scheduleFrom(deps, name, parsed.data as ScheduleSpec, false, previous);
  const saved = await deps.schedules.save(schedule);
  if (saved === 'refused') throw new ScheduleDeclaredError(name);
  return { schedule, created: saved === 'created' };
}

export async function getSchedule(deps: Pick<ScheduleDeps, 'schedules'>, name: string): Promise<Schedule> {
  const schedule = await deps.schedules.get(name);
  if (!schedule) throw new ScheduleNotFoundError(name);
  return schedule;
}

/** `DELETE /schedules/{name}`: a run-time schedule; a declared one is refused. */
export async function deleteSchedule(
  deps: Pick<ScheduleDeps, 'schedules' | 'declared'>,
  name: string,
): Promise<void> {
  if (deps.declared?.has(name)) throw new ScheduleDeclaredError(name);
  const outcome = await deps.schedules.remove(name, false);
  if (outcome === 'missing') throw new ScheduleNotFoundError(name);
  if (outcome === 'refused') throw new ScheduleDeclaredError(name);
}

/**
 * Makes the stored declared schedules what the jobs module declares: new ones created, changed ones
 * rewritten (an unchanged one keeps its next run), removed ones deleted. A run-time schedule of the
 * same name as a declared one is left alone (save refuses it) and reported.
 */
export async function syncDeclaredSchedules(
  deps: ScheduleDeps,
  declared: Readonly<Record<string, ScheduleSpec>>,
): Promise<{ readonly written: number; readonly removed: number; readonly conflicts: string[] }> {
  const stored = new Map((await deps.schedules.list()).map((s) => [s.name, s]));
  let written = 0;
  const conflicts: string[] = [];
  for (const [name, spec] of Object.entries(declared)) {
    const previous = stored.get(name);
    if (previous?.declared && sameSpec(previous, spec)) continue;
    const outcome = await deps.schedules.save(
      scheduleFrom(deps, name, spec, true, previous?.declared ? previous : undefined),
    );
    if (outcome === 'refused') conflicts.push(name);
    else written += 1;
  }
  let removed = 0;
  for (const schedule of stored.values()) {
    if (!schedule.declared || Object.hasOwn(declared, schedule.name)) continue;
    if ((await deps.schedules.remove(schedule.name, true)) === 'deleted') removed += 1;
  }
  return { written, removed, conflicts };
}
