import type { Job } from '../../src/core/job.ts';
import type { HeldBack } from '../../src/core/limits.ts';
import type { ApiClient } from './api.ts';
import { type Child, clearRendered, h, renderIfChanged, statusBadge, timeCell } from './dom.ts';
import type { Messages } from './messages.ts';
import {
  attemptHistory,
  formatDuration,
  type ProgressView,
  priorityOf,
  progressView,
  timesText,
} from './model.ts';

export interface JobDetail {
  /** The job shown, if any. */
  current(): string | undefined;
  open(id: string): Promise<void>;
  close(): void;
  /** Re-reads the job shown (part of every refresh). */
  refresh(): Promise<void>;
}

export interface JobActions {
  retry(id: string): Promise<void>;
  cancel(id: string): Promise<void>;
  /** A scheduled job now rather than at its runAt (POST /jobs/{id}/reschedule with delaySeconds 0). */
  runNow(id: string): Promise<void>;
}

/** The job detail panel: the whole job, its payload and result as JSON text, its attempts, and actions. */
export function createJobDetail(
  panel: HTMLElement,
  deps: { api: ApiClient; messages: Messages; actions: JobActions },
): JobDetail {
  let current: string | undefined;
  const title = h('h2', { testid: 'detail-id' });
  const content = h('div', { class: 'detail-content' });
  const button = (label: string, testid: string, run: (id: string) => Promise<void>) => {
    const el = h('button', { testid, attrs: { type: 'button' } }, label);
    el.addEventListener('click', async () => {
      if (!current) return;
      el.disabled = true;
      try {
        await run(current);
      } finally {
        el.disabled = false;
      }
    });
    return el;
  };
  const retry = button('Retry', 'detail-retry', deps.actions.retry);
  const cancel = button('Cancel', 'detail-cancel', deps.actions.cancel);
  const runNow = button('Run now', 'detail-run-now', deps.actions.runNow);
  const closeButton = h(
    'button',
    { class: 'close', testid: 'detail-close', attrs: { type: 'button' } },
    'Close',
  );
  panel.replaceChildren(
    h('header', {}, title, h('div', { class: 'actions' }, runNow, retry, cancel, closeButton)),
    content,
  );

  const load = async (id: string) => {
    try {
      const job = await deps.api.get<Job>(`jobs/${encodeURIComponent(id)}`);
      deps.messages.clear('detail');
      if (current !== id) return; // closed or switched meanwhile
      title.textContent = `Job ${job.id}`;
      retry.hidden = !(job.status === 'failed' || job.status === 'canceled');
      cancel.hidden =
        !(job.status === 'scheduled' || job.status === 'pending' || job.status === 'running') ||
        !!job.cancelRequestedAt;
      runNow.hidden = job.status !== 'scheduled';
      renderIfChanged(content, JSON.stringify(job), () => render(job));
    } catch (error) {
      deps.messages.error('detail', error);
    }
  };

  const detail: JobDetail = {
    current: () => current,
    async open(id) {
      current = id;
      panel.hidden = false;
      title.textContent = `Job ${id}`;
      clearRendered(content, h('p', { class: 'muted' }, 'Loading…'));
      const hash = `#/jobs/${encodeURIComponent(id)}`;
      if (location.hash !== hash) history.pushState(null, '', hash);
      await load(id);
    },
    close() {
      current = undefined;
      panel.hidden = true;
      deps.messages.clear('detail');
      if (location.hash) history.pushState(null, '', location.pathname + location.search);
    },
    refresh: () => (current ? load(current) : Promise.resolve()),
  };
  closeButton.addEventListener('click', () => detail.close());
  return detail;
}

function render(job: Job): Child[] {
  const field = (label: string, value: Child, testid?: string) => [
    h('dt', {}, label),
    h('dd', { testid }, value ?? '–'),
  ];
  const runMs =
    job.startedAt && job.finishedAt ? Date.parse(job.finishedAt) - Date.parse(job.startedAt) : undefined;
  const attempts = attemptHistory(job);
  const progress = progressView(job.progress);
  return [
    h(
      'dl',
      {},
      ...field('Type', job.type, 'detail-type'),
      ...field('Status', statusBadge(job.status, 'detail-status')),
      ...(progress ? field('Progress', progressCell(progress), 'detail-progress') : []),
      ...(job.heldBack ? field('Held back', heldBackCell(job.heldBack), 'detail-held-back') : []),
      ...field('Priority', priorityOf(job), 'detail-priority'),
      ...(job.limitKey !== undefined ? field('Limit key', job.limitKey, 'detail-limit-key') : []),
      ...field('Attempts', `${job.attempts} of ${job.maxAttempts}`, 'detail-attempts'),
      ...field('Created', timeCell(job.createdAt)),
      ...(job.runAt ? field('Runs at', timeCell(job.runAt), 'detail-run-at') : []),
      ...field('Started', timeCell(job.startedAt)),
      ...field('Finished', timeCell(job.finishedAt)),
      // A finished job: when its type's retention removes it.
      ...(job.expiresAt ? field('Expires', timeCell(job.expiresAt), 'detail-expires') : []),
      ...field('Run time', formatDuration(runMs)),
      ...field('Updated', timeCell(job.updatedAt)),
      ...(job.nextAttemptAt ? field('Next attempt', timeCell(job.nextAttemptAt)) : []),
      ...(job.leaseExpiresAt ? field('Lease until', timeCell(job.leaseExpiresAt)) : []),
      ...(job.cancelRequestedAt ? field('Cancel asked', timeCell(job.cancelRequestedAt)) : []),
    ),
    job.error
      ? h(
          'div',
          { class: 'error-box', testid: 'detail-error' },
          h('strong', {}, job.error.name),
          ': ',
          job.error.message,
          job.error.permanent ? h('span', { class: 'muted' }, ' (permanent: retrying will not help)') : '',
        )
      : '',
    h('h3', {}, 'Payload'),
    h('pre', { testid: 'detail-payload' }, JSON.stringify(job.payload, null, 2)),
    h('h3', {}, 'Result'),
    h(
      'pre',
      { testid: 'detail-result' },
      job.result === undefined ? '–' : JSON.stringify(job.result, null, 2),
    ),
    h('h3', {}, 'Attempts'),
    attempts.length === 0
      ? h('p', { class: 'muted' }, 'Not started yet.')
      : h(
          'table',
          { testid: 'detail-history' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...['#', 'Started', 'Finished', 'Outcome', 'Error', 'Worker'].map((t) => h('th', {}, t)),
            ),
          ),
          h(
            'tbody',
            {},
            ...attempts.map((a) =>
              h(
                'tr',
                { testid: 'history-row' },
                h('td', { class: 'num' }, a.attempt),
                h('td', {}, timeCell(a.startedAt)),
                h('td', {}, timeCell(a.finishedAt)),
                h('td', {}, a.outcome ?? '–'),
                h('td', { class: 'error' }, a.error ? `${a.error.name}: ${a.error.message}` : ''),
                h('td', { class: 'muted' }, a.workerId ?? ''),
              ),
            ),
          ),
        ),
  ];
}

/** Which limit holds the job back, then how often it was held in this wait and when it tries again. */
function heldBackCell(heldBack: HeldBack): HTMLElement {
  return h(
    'span',
    {},
    heldBack.message,
    h(
      'div',
      { class: 'muted', testid: 'detail-held-back-times' },
      `${timesText(heldBack.times)} since `,
      timeCell(heldBack.since),
      ', next try ',
      timeCell(heldBack.until),
    ),
  );
}

/** The bar, the percent and the handler's message (as text, never markup), then when it was reported. */
function progressCell(progress: ProgressView): HTMLElement {
  return h(
    'span',
    { class: 'progress' },
    h('progress', {
      testid: 'detail-progress-bar',
      attrs: { max: '100', value: String(progress.value), 'aria-label': `${progress.percent} done` },
    }),
    h('strong', { testid: 'detail-progress-percent' }, progress.percent),
    ...(progress.message === undefined
      ? []
      : [' — ', h('span', { class: 'message', testid: 'detail-progress-message' }, progress.message)]),
    h('div', { class: 'muted' }, 'reported ', timeCell(progress.at)),
  );
}
