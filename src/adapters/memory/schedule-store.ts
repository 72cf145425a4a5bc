import type { ScheduleStore } from '../../core/ports.ts';
import type { Schedule } from '../../core/schedule/schedule.ts';

/** The ScheduleStore port in a Map, held to the same conformance suite as the DynamoDB adapter. */
export function createMemoryScheduleStore(): ScheduleStore {
  const schedules = new Map<string, Schedule>();
  const copy = (schedule: Schedule) => structuredClone(schedule);
  return {
    async save(schedule) {
      const existing = schedules.get(schedule.name);
      if (existing && existing.declared !== schedule.declared) return 'refused';
      schedules.set(schedule.name, copy(schedule));
      return existing ? 'updated' : 'created';
    },
    get: async (name) => {
      const schedule = schedules.get(name);
      return schedule ? copy(schedule) : undefined;
    },
    list: async () => [...schedules.values()].sort((a, b) => a.name.localeCompare(b.name)).map(copy),
    async remove(name, declared) {
      const existing = schedules.get(name);
      if (!existing) return 'missing';
      if (existing.declared !== declared) return 'refused';
      schedules.delete(name);
      return 'deleted';
    },
    async listDue(until, limit) {
      return [...schedules.values()]
        .filter((s) => s.nextRunAt <= until.toISOString())
        .sort((a, b) => a.nextRunAt.localeCompare(b.nextRunAt))
        .slice(0, limit)
        .map(({ name, nextRunAt }) => ({ name, nextRunAt }));
    },
    async advance(name, from, to, run) {
      const existing = schedules.get(name);
      if (!existing || existing.nextRunAt !== from) return false;
      const { lastJobId: _job, lastError: _error, ...rest } = existing;
      schedules.set(name, {
        ...rest,
        nextRunAt: to,
        lastRunAt: run.at,
        ...(run.jobId ? { lastJobId: run.jobId } : {}),
        ...(run.error ? { lastError: run.error } : {}),
      });
      return true;
    },
  };
}
