import type { BatchView } from '../../src/core/batch.ts';
import type { BatchCanceled } from '../../src/core/use-cases/batches.ts';
import { type ApiClient, ApiError } from './api.ts';
import { type Child, h, renderIfChanged, statusBadge, timeCell } from './dom.ts';
import { jobLink } from './failures.ts';
import type { Messages } from './messages.ts';
import {
  type BatchList,
  type BatchRow,
  batchCanceledText,
  batchReads,
  batchRow,
  moreBatchesText,
  shownBatches,
} from './model.ts';

export interface Batches {
  /** Re-reads the list and the batches shown (part of every refresh; at most six requests). */
  refresh(slow: boolean): Promise<boolean>;
  /** Shows that batch opened, first in the panel if it is not among the newest, and scrolls to it. */
  show(id: string): void;
}

/** What a batch row does: open one of its jobs, cancel it, open or close it. */
export interface BatchRowActions {
  open(id: string): void;
  cancel(id: string): void;
  toggle(id: string): void;
}

/** The batch link's target: `#/batches/<id>` opens it in the panel (app.ts follows the hash). */
export function batchHref(id: string): string {
  return `#/batches/${encodeURIComponent(id)}`;
}

/** A batch id as a link that shows it in the Batches panel; the id is text, the link only a fragment. */
export function batchLink(id: string, testid = 'batch-link'): HTMLElement {
  return h(
    'a',
    { class: 'job-id', testid, title: id, attrs: { href: batchHref(id) } },
    id.length > 13 ? `${id.slice(0, 8)}…` : id,
  );
}

/** The bar (finished of total) and "3 of 5 finished". */
export function batchProgress(row: BatchRow): Child[] {
  return [
    h(
      'span',
      { class: 'progress' },
      h('progress', {
        testid: 'batch-progress-bar',
        attrs: { max: '100', value: String(row.value), 'aria-label': row.progressText },
      }),
      h('span', { testid: 'batch-progress' }, row.progressText),
    ),
  ];
}

/** Only the statuses some job has, each a chip with its count ("3 completed"). */
export function batchCounts(row: BatchRow): HTMLElement {
  return h(
    'span',
    { class: 'batch-counts', testid: 'batch-counts' },
    ...row.counts.map(({ status, count }) =>
      h(
        'span',
        { class: `badge status-${status}`, testid: 'batch-count', attrs: { 'data-status': status } },
        `${count.toLocaleString('en-US')} ${status}`,
      ),
    ),
    row.removed > 0
      ? h(
          'span',
          { class: 'muted', testid: 'batch-removed', title: 'Removed by their retention: in no count' },
          ` ${row.removed.toLocaleString('en-US')} removed`,
        )
      : '',
  );
}

/** The callback's status chip and id, or a dash for a batch without one. */
export function callbackCell(row: BatchRow, open: (id: string) => void): Child {
  if (!row.callback) return h('span', { class: 'muted', testid: 'batch-callback' }, 'none');
  return h(
    'span',
    { testid: 'batch-callback' },
    statusBadge(row.callback.status, 'batch-callback-status'),
    ' ',
    jobLink(row.callback.id, open, 'batch-callback-link'),
  );
}

/**
 * One batch: its row (a toggle with its short id, created, progress, counts, callback), and when
 * opened a second row listing its jobs, with "Cancel batch" while some job has not ended.
 */
export function batchRows(
  row: BatchRow,
  state: { readonly opened: boolean; readonly canceling: boolean },
  actions: BatchRowActions,
): HTMLElement[] {
  const main = h(
    'tr',
    {
      class: state.opened ? 'batch-row opened' : 'batch-row',
      testid: 'batch-row',
      attrs: { 'data-batch-id': row.id },
    },
    h(
      'td',
      {},
      h(
        'button',
        {
          class: 'toggle',
          testid: 'batch-toggle',
          title: state.opened ? 'Hide its jobs' : 'Show its jobs',
          attrs: { type: 'button', 'aria-expanded': String(state.opened) },
          onClick: () => actions.toggle(row.id),
        },
        state.opened ? '▾ ' : '▸ ',
        h('span', { class: 'job-id', title: row.id }, row.id.length > 13 ? `${row.id.slice(0, 8)}…` : row.id),
      ),
    ),
    h('td', {}, timeCell(row.createdAt)),
    h('td', {}, ...batchProgress(row)),
    h('td', {}, batchCounts(row)),
    h('td', {}, callbackCell(row, actions.open)),
  );
  if (!state.opened) return [main];
  const jobs = h(
    'td',
    { attrs: { colspan: '5' } },
    h(
      'div',
      { class: 'batch-head' },
      h('span', { class: 'muted' }, 'Batch ', h('span', { class: 'mono', testid: 'batch-id' }, row.id)),
      row.canCancel
        ? h(
            'button',
            {
              testid: 'batch-cancel',
              title:
                'Cancels every job of the batch not yet ended; the callback still runs once they all have',
              attrs: { type: 'button', ...(state.canceling ? { disabled: '' } : {}) },
              onClick: () => actions.cancel(row.id),
            },
            'Cancel batch',
          )
        : '',
    ),
    row.jobs.length === 0
      ? h('p', { class: 'muted' }, 'Its jobs are no longer stored.')
      : h(
          'div',
          { class: 'batch-jobs' },
          h(
            'table',
            { testid: 'batch-jobs' },
            h(
              'tbody',
              {},
              ...row.jobs.map((job) =>
                h(
                  'tr',
                  { testid: 'batch-job', attrs: { 'data-job-id': job.id } },
                  h('td', {}, jobLink(job.id, actions.open, 'batch-job-link')),
                  h('td', { testid: 'batch-job-type' }, job.type),
                  h('td', {}, statusBadge(job.status, 'batch-job-status')),
                ),
              ),
            ),
          ),
        ),
    row.moreJobs > 0
      ? h(
          'p',
          { class: 'muted', testid: 'batch-more-jobs' },
          `and ${row.moreJobs.toLocaleString('en-US')} more`,
        )
      : '',
  );
  return [main, h('tr', { class: 'batch-detail', testid: 'batch-detail' }, jobs)];
}

/**
 * The Batches panel: the newest batches (GET /batches), the first five read each refresh
 * (GET /batches/{id}: a settled one only every 10 s), each with its progress; a batch opens to list
 * its jobs, with "Cancel batch" while some has not ended.
 */
export function createBatches(
  body: HTMLElement,
  note: HTMLElement,
  deps: {
    api: ApiClient;
    messages: Messages;
    open: (id: string) => void;
    /** After an action: refresh now. */
    onChange: () => void;
  },
): Batches {
  let list: BatchList = { batches: [] };
  let pinned: string | undefined;
  let scrollTo: string | undefined;
  const known = new Map<string, BatchView>();
  const opened = new Set<string>();
  const canceling = new Set<string>();

  const render = () => {
    const shown = shownBatches(list, pinned);
    note.textContent = moreBatchesText(list, shown);
    const views = shown.flatMap((id) => {
      const view = known.get(id);
      return view ? [view] : [];
    });
    renderIfChanged(body, JSON.stringify([views, [...opened], [...canceling]]), () =>
      views.length === 0
        ? [
            h(
              'tr',
              {},
              h(
                'td',
                { class: 'empty', attrs: { colspan: '5' } },
                shown.length > 0
                  ? 'The batches could not be read.'
                  : 'No batches. Submit jobs as one with "batch" in POST /jobs/batch (client.enqueueBatch(jobs, { batch: {} })).',
              ),
            ),
          ]
        : views.flatMap((view) =>
            batchRows(
              batchRow(view),
              { opened: opened.has(view.id), canceling: canceling.has(view.id) },
              actions,
            ),
          ),
    );
    if (scrollTo && known.has(scrollTo)) {
      const id = scrollTo;
      scrollTo = undefined;
      const el = [...body.querySelectorAll('[data-batch-id]')].find(
        (r) => r.getAttribute('data-batch-id') === id,
      );
      el?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    }
  };

  const actions: BatchRowActions = {
    open: deps.open,
    toggle(id) {
      if (!opened.delete(id)) opened.add(id);
      render();
    },
    async cancel(id) {
      if (canceling.has(id)) return;
      canceling.add(id);
      render();
      try {
        const answer = await deps.api.post<BatchCanceled>(`batches/${encodeURIComponent(id)}/cancel`);
        deps.messages.show('action', batchCanceledText(answer), 'info');
      } catch (error) {
        deps.messages.error('action', error);
      } finally {
        canceling.delete(id);
        render();
      }
      deps.onChange();
    },
  };

  const read = async (id: string): Promise<boolean> => {
    try {
      known.set(id, await deps.api.get<BatchView>(`batches/${encodeURIComponent(id)}`));
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        // Gone (its record is kept 30 days): no longer shown; a link to it says so.
        known.delete(id);
        if (pinned === id) {
          pinned = undefined;
          scrollTo = undefined;
          deps.messages.error('batch link', error);
        }
        return true;
      }
      deps.messages.error('batch', error);
      return false;
    }
  };

  return {
    async refresh(slow) {
      try {
        list = await deps.api.get<BatchList>('batches');
        deps.messages.clear('batches');
      } catch (error) {
        deps.messages.error('batches', error);
        return false;
      }
      const shown = shownBatches(list, pinned);
      for (const id of known.keys()) if (!shown.includes(id)) known.delete(id);
      const results = await Promise.all(batchReads(shown, known, slow).map(read));
      const ok = results.every(Boolean);
      if (ok) deps.messages.clear('batch');
      render();
      return ok;
    },
    show(id) {
      // A link followed fires both hashchange and popstate: one refresh for both.
      if (pinned === id && scrollTo === id) return;
      pinned = id;
      scrollTo = id;
      deps.messages.clear('batch link');
      opened.add(id);
      deps.onChange();
    },
  };
}
