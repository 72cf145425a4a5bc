import { h, renderIfChanged, statusBadge, timeCell } from './dom.ts';
import type { FailureRow } from './model.ts';

const RETRY_TEXT: Record<FailureRow['retry'], string> = {
  auto: 'yes, automatically',
  manual: 'yes, by hand',
  no: 'no',
};

export interface Failures {
  update(rows: readonly FailureRow[], snapshotAt: string | null): void;
}

/** The failures list: one row per job that failed lately, with its error and a Retry button. */
export function createFailures(
  body: HTMLElement,
  note: HTMLElement,
  actions: { retry: (id: string) => void; open: (id: string) => void },
): Failures {
  return {
    update(rows, snapshotAt) {
      note.textContent = snapshotAt
        ? ''
        : 'No stats snapshot yet: showing the jobs failed now; older failures appear after the first snapshot.';
      renderIfChanged(body, JSON.stringify(rows), () =>
        rows.length === 0
          ? [h('tr', {}, h('td', { class: 'empty', attrs: { colspan: '7' } }, 'No failures.'))]
          : rows.map((row) =>
              h(
                'tr',
                { testid: 'failure-row', attrs: { 'data-job-id': row.id } },
                h('td', {}, jobLink(row.id, actions.open)),
                h('td', { testid: 'failure-type' }, row.type),
                h(
                  'td',
                  { class: 'error', testid: 'failure-error' },
                  h('strong', {}, row.error.name),
                  ': ',
                  row.error.message,
                ),
                h('td', {}, timeCell(row.at)),
                h('td', { testid: 'failure-retried' }, RETRY_TEXT[row.retry]),
                h('td', {}, row.now ? statusBadge(row.now, 'failure-status') : '–'),
                h(
                  'td',
                  {},
                  row.canRetry
                    ? h(
                        'button',
                        {
                          testid: 'failure-retry',
                          attrs: { type: 'button' },
                          onClick: () => actions.retry(row.id),
                        },
                        'Retry',
                      )
                    : '',
                ),
              ),
            ),
      );
    },
  };
}

/** A job id that opens the detail view; the id is text, the link only a fragment. */
export function jobLink(id: string, open: (id: string) => void, testid = 'job-link'): HTMLElement {
  return h(
    'a',
    {
      class: 'job-id',
      testid,
      title: id,
      attrs: { href: `#/jobs/${encodeURIComponent(id)}` },
      onClick: (event) => {
        event.preventDefault();
        open(id);
      },
    },
    id.length > 13 ? `${id.slice(0, 8)}…` : id,
  );
}
