import type { BatchView } from '../../src/core/batch.ts';
import type { Job } from '../../src/core/job.ts';
import type { HeldBack } from '../../src/core/limits.ts';
import type { JobStatus } from '../../src/core/status.ts';
import { type ApiClient, ApiError } from './api.ts';
import { batchCounts, batchLink, batchProgress } from './batches.ts';
import { type Child, clearRendered, h, renderIfChanged, statusBadge, timeCell } from './dom.ts';
import { jobLink } from './failures.ts';
import type { Messages } from './messages.ts';
import {
  attemptHistory,
  type BatchRow,
  batchRow,
  type DependencyView,
  dependencyLookups,
  dependencyView,
  formatDuration,
  type GraphNode,
  keptForView,
  type ProgressView,
  priorityOf,
  progressView,
  type ReadStatus,
  timesText,
  waitingForText,
} from './model.ts';

/** How long the statuses around a job (its dependencies', its dependents') are reused while it is unchanged. */
const GRAPH_REFRESH_MS = 10_000;

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

/**
 * The job detail panel: the whole job, its dependencies and the jobs waiting for it (each with its
 * status), its payload and result as JSON text, its attempts, and actions.
 */
export function createJobDetail(
  panel: HTMLElement,
  deps: { api: ApiClient; messages: Messages; actions: JobActions },
): JobDetail {
  let current: string | undefined;
  // The statuses last read around the job shown, and what they were read for.
  let graph: { key: string; at: number; statuses: ReadonlyMap<string, ReadStatus> } | undefined;
  const neighbours = async (job: Job): Promise<ReadonlyMap<string, ReadStatus>> => {
    const ids = dependencyLookups(job);
    if (ids.length === 0) return new Map();
    const key = JSON.stringify([job.id, job.updatedAt, ids]);
    if (graph?.key === key && Date.now() - graph.at < GRAPH_REFRESH_MS) return graph.statuses;
    const read = await Promise.all(
      ids.map(async (id): Promise<[string, ReadStatus] | undefined> => {
        try {
          const view = await deps.api.get<{ status: JobStatus }>(`jobs/${encodeURIComponent(id)}/status`);
          return [id, view.status];
        } catch (error) {
          // A dependency past its retention is gone; any other failure leaves the chip out.
          return error instanceof ApiError && error.status === 404 ? [id, 'removed'] : undefined;
        }
      }),
    );
    const statuses = new Map(read.filter((entry) => entry !== undefined));
    graph = { key, at: Date.now(), statuses };
    return statuses;
  };
  // The batch the job is in (or whose callback it is), as last read, and when.
  let batchRead: { id: string; at: number; row: BatchRow | 'removed' | undefined } | undefined;
  const batchOf = async (job: Job): Promise<BatchRow | 'removed' | undefined> => {
    const id = job.batchId ?? job.onCompleteOf;
    if (id === undefined) return undefined;
    if (batchRead?.id === id && Date.now() - batchRead.at < GRAPH_REFRESH_MS) return batchRead.row;
    let row: BatchRow | 'removed' | undefined;
    try {
      row = batchRow(await deps.api.get<BatchView>(`batches/${encodeURIComponent(id)}`));
    } catch (error) {
      // A batch record is kept 30 days; any other failure shows the id alone.
      row = error instanceof ApiError && error.status === 404 ? 'removed' : undefined;
    }
    batchRead = { id, at: Date.now(), row };
    return row;
  };
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
      const [statuses, batch] = await Promise.all([neighbours(job), batchOf(job)]);
      deps.messages.clear('detail');
      if (current !== id) return; // closed or switched meanwhile
      title.textContent = `Job ${job.id}`;
      retry.hidden = !(job.status === 'failed' || job.status === 'canceled');
      cancel.hidden =
        !(
          job.status === 'waiting' ||
          job.status === 'scheduled' ||
          job.status === 'pending' ||
          job.status === 'running'
        ) || !!job.cancelRequestedAt;
      runNow.hidden = job.status !== 'scheduled';
      const view = dependencyView(job, statuses);
      renderIfChanged(content, JSON.stringify([job, view, batch]), () => render(job, view, batch, open));
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
      // Only its own link: a batch's (#/batches/<id>, which closes it) stays in the address.
      if (location.hash.startsWith('#/jobs/'))
        history.pushState(null, '', location.pathname + location.search);
    },
    refresh: () => (current ? load(current) : Promise.resolve()),
  };
  const open = (id: string) => void detail.open(id);
  closeButton.addEventListener('click', () => detail.close());
  return detail;
}

function render(
  job: Job,
  dependencies: DependencyView | null,
  batch: BatchRow | 'removed' | undefined,
  open: (id: string) => void,
): Child[] {
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
      ...(job.batchId ? field('Batch', batchCell(job.batchId, batch), 'detail-batch') : []),
      ...(job.onCompleteOf
        ? field('Callback of batch', batchCell(job.onCompleteOf, batch), 'detail-callback-of')
        : []),
      ...field('Priority', priorityOf(job), 'detail-priority'),
      ...(job.limitKey !== undefined ? field('Limit key', job.limitKey, 'detail-limit-key') : []),
      ...field('Attempts', `${job.attempts} of ${job.maxAttempts}`, 'detail-attempts'),
      ...field('Created', timeCell(job.createdAt)),
      ...(job.runAt ? field('Runs at', timeCell(job.runAt), 'detail-run-at') : []),
      ...field('Started', timeCell(job.startedAt)),
      ...field('Finished', timeCell(job.finishedAt)),
      // A finished job: when its type's retention removes it.
      ...(job.expiresAt ? field('Expires', timeCell(job.expiresAt), 'detail-expires') : []),
      // A finished job that unfinished dependents (a batch's callback) still wait for: no expiry yet.
      ...(job.keptBy?.length ? field('Kept for', keptForCell(job.keptBy, open), 'detail-kept-for') : []),
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
    ...(dependencies ? dependencySection(job, dependencies, open) : []),
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

/**
 * What the job waits for and what waits for it, as a small indented graph: its dependencies (each
 * with how it ended, or its status now and "waiting for it"), the job itself, then the jobs waiting
 * for it; every id opens that job. The policy and how many are left above it.
 */
export function dependencySection(job: Job, view: DependencyView, open: (id: string) => void): Child[] {
  const node = (item: GraphNode, role: 'dependency' | 'dependent') =>
    h(
      'li',
      { class: `graph-node graph-${role}`, testid: `graph-${role}`, attrs: { 'data-job-id': item.id } },
      role === 'dependent' ? h('span', { class: 'graph-edge', attrs: { 'aria-hidden': 'true' } }, '↳ ') : '',
      jobLink(item.id, open, `graph-${role}-link`),
      ' ',
      item.status ? statusBadge(item.status, `graph-${role}-status`) : '',
      item.note ? h('span', { class: 'muted', testid: `graph-${role}-note` }, ` ${item.note}`) : '',
    );
  const label = (text: string, role: 'dependency' | 'dependent') =>
    h('li', { class: `graph-label graph-${role} muted` }, text);
  return [
    h('h3', {}, 'Dependencies'),
    view.left !== null ? h('p', { testid: 'detail-waiting-for' }, waitingForText(view.left)) : '',
    view.policy ? h('dl', {}, h('dt', {}, 'Policy'), h('dd', { testid: 'detail-policy' }, view.policy)) : '',
    h(
      'ul',
      { class: 'graph', testid: 'detail-graph' },
      view.dependencies.length > 0 ? label('Depends on', 'dependency') : '',
      ...view.dependencies.map((item) => node(item, 'dependency')),
      h(
        'li',
        { class: 'graph-node graph-self', testid: 'graph-self' },
        view.dependencies.length > 0
          ? h('span', { class: 'graph-edge', attrs: { 'aria-hidden': 'true' } }, '↳ ')
          : '',
        h('strong', {}, 'This job'),
        ' ',
        statusBadge(job.status),
      ),
      view.dependents.length > 0 ? label('Dependents (waiting for this job)', 'dependent') : '',
      ...view.dependents.map((item) => node(item, 'dependent')),
      view.moreDependents > 0
        ? h(
            'li',
            { class: 'graph-node graph-dependent muted', testid: 'graph-more-dependents' },
            `and ${view.moreDependents.toLocaleString('en-US')} more`,
          )
        : '',
    ),
  ];
}

/**
 * A batch's id, a link showing it in the Batches panel, then (when read: `batch` is that batch's)
 * its progress bar and its jobs by status; a batch whose record is gone says so.
 */
export function batchCell(id: string, batch: BatchRow | 'removed' | undefined): HTMLElement {
  const read = batch !== undefined && batch !== 'removed' && batch.id === id ? batch : undefined;
  return h(
    'span',
    { class: 'batch-cell' },
    batchLink(id, 'detail-batch-link'),
    batch === 'removed'
      ? h('span', { class: 'muted', testid: 'detail-batch-removed' }, ' record removed')
      : '',
    ...(read ? [' ', ...batchProgress(read), h('div', {}, batchCounts(read))] : []),
  );
}

/** The unfinished jobs that keep this one (each a link), the first GRAPH_LOOKUPS, and why. */
export function keptForCell(keptBy: readonly string[], open: (id: string) => void): HTMLElement {
  const view = keptForView(keptBy);
  return h(
    'span',
    {},
    ...view.ids.flatMap((id, i) => [i > 0 ? ', ' : '', jobLink(id, open, 'detail-kept-for-link')]),
    view.more > 0 ? ` and ${view.more.toLocaleString('en-US')} more` : '',
    h('div', { class: 'muted', testid: 'detail-kept-for-note' }, 'kept until they finish'),
  );
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
