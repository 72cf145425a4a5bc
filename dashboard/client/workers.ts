import type { WorkersView } from '../../src/core/stats.ts';
import { h, renderIfChanged, timeCell } from './dom.ts';

/** The worker instances seen lately (GET /workers). */
export function createWorkers(body: HTMLElement): { update(view: WorkersView): void } {
  return {
    update(view) {
      const instances = view.instances ?? [];
      renderIfChanged(body, JSON.stringify(instances), () =>
        instances.length === 0
          ? [h('tr', {}, h('td', { class: 'empty', attrs: { colspan: '5' } }, 'No worker seen lately.'))]
          : instances.map((w) =>
              h(
                'tr',
                { testid: 'worker-row' },
                h('td', { class: 'mono' }, w.id),
                h('td', {}, h('span', { class: `badge worker-${w.status}` }, w.status)),
                h('td', { class: 'num' }, w.jobsDone),
                h('td', { class: 'num' }, w.failures),
                h('td', {}, timeCell(w.lastSeen)),
              ),
            ),
      );
    },
  };
}
