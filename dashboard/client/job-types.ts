import type { TypeStats } from '../../src/core/stats.ts';
import { h, renderIfChanged } from './dom.ts';
import { formatCostPerMillion, formatDuration, typeRows } from './model.ts';

/** The per-type table: each job type's last hour and estimated cost, from the stats snapshot (GET /stats). */
export function createJobTypes(body: HTMLElement): {
  update(byType: Readonly<Record<string, TypeStats>> | undefined): void;
} {
  return {
    update(byType) {
      const rows = typeRows(byType);
      renderIfChanged(body, JSON.stringify(rows), () =>
        rows.length === 0
          ? [
              h(
                'tr',
                {},
                h(
                  'td',
                  { class: 'empty', attrs: { colspan: '5' } },
                  byType ? 'No job type in the snapshot yet.' : 'No stats snapshot yet.',
                ),
              ),
            ]
          : rows.map((row) =>
              h(
                'tr',
                { testid: 'type-row', attrs: { 'data-type': row.type } },
                h('td', {}, row.type),
                h('td', { class: 'num' }, row.completed.toLocaleString('en-US')),
                h('td', { class: 'num' }, row.failed.toLocaleString('en-US')),
                h('td', { class: 'num' }, formatDuration(row.runTimeP50)),
                h(
                  'td',
                  {
                    class: 'num',
                    testid: 'type-cost',
                    title:
                      'Estimated AWS cost (requests and Lambda time) per million finished jobs, last hour',
                  },
                  formatCostPerMillion(row.costPerJobUsd),
                ),
              ),
            ),
      );
    },
  };
}
