import type { Schedule } from '../../src/core/schedule/schedule.ts';
import { h, priorityBadge, renderIfChanged, timeCell } from './dom.ts';
import { jobLink } from './failures.ts';
import { priorityMark } from './model.ts';

/** GET /schedules */
export interface ScheduleList {
  readonly schedules: readonly Schedule[];
}

/**
 * The next run of a schedule with no firing left: the sweeper stores NEVER (fire-due-schedules.ts),
 * the last instant of year 9999. Not imported: that would bundle the use case into the page.
 */
const isNever = (iso: string) => iso.startsWith('9999-');

export interface Schedules {
  update(list: ScheduleList): void;
}

/** The recurring schedules (GET /schedules), by name: when each fires next, and what its last firing did. */
export function createSchedules(body: HTMLElement, actions: { open: (id: string) => void }): Schedules {
  return {
    update({ schedules }) {
      renderIfChanged(body, JSON.stringify(schedules), () =>
        schedules.length === 0
          ? [
              h(
                'tr',
                {},
                h(
                  'td',
                  { class: 'empty', attrs: { colspan: '6' } },
                  'No schedules. Declare them in the jobs module (defineSchedules) or add one with PUT /schedules/{name} (sqs-jobs schedules set).',
                ),
              ),
            ]
          : schedules.map((schedule) => row(schedule, actions.open)),
      );
    },
  };
}

function row(schedule: Schedule, open: (id: string) => void): HTMLElement {
  return h(
    'tr',
    { testid: 'schedule-row', attrs: { 'data-schedule-name': schedule.name } },
    h(
      'td',
      {},
      h('span', { class: 'mono' }, schedule.name),
      schedule.declared
        ? h(
            'span',
            {
              class: 'badge declared',
              testid: 'schedule-declared',
              title: 'Declared in the jobs module: only a deploy changes or removes it',
            },
            'declared',
          )
        : '',
    ),
    h(
      'td',
      {},
      h('span', { class: 'mono' }, schedule.schedule),
      // Absent means UTC, the default: only a zone someone chose is worth the space.
      schedule.timezone ? h('span', { class: 'muted' }, ` in ${schedule.timezone}`) : '',
    ),
    // As in the jobs table: only a high or low queue is marked, next to the type its jobs are of.
    h('td', {}, schedule.type, schedulePriorityBadge(schedule)),
    h(
      'td',
      { testid: 'schedule-next-run' },
      isNever(schedule.nextRunAt) ? 'never' : timeCell(schedule.nextRunAt),
    ),
    h('td', {}, timeCell(schedule.lastRunAt)),
    schedule.lastError !== undefined
      ? h('td', { class: 'error', testid: 'schedule-last-error' }, schedule.lastError)
      : h('td', {}, schedule.lastJobId ? jobLink(schedule.lastJobId, open, 'schedule-last-job') : '–'),
  );
}

function schedulePriorityBadge(schedule: Schedule): HTMLElement | null {
  return priorityBadge(
    priorityMark(schedule),
    'schedule-priority',
    (priority) => `Priority: ${priority} (each firing's job goes on the ${priority} queue)`,
  );
}
